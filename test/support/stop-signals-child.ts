// A script that takes the stop signals as chaos and the bench do; its stop takes a while and leaves a mark.
import fs from 'node:fs';
import { takeStopSignals } from '../../scripts/dev/stop-signals';

const mark = process.argv[2]!;
takeStopSignals(
  async () => {
    await new Promise((r) => setTimeout(r, 600));
    fs.writeFileSync(mark, 'stopped');
  },
  (line) => process.stderr.write(`${line}\n`),
);
process.stdout.write('ready\n');
setInterval(() => undefined, 1_000);
