import net from 'node:net';
import nodemailer from 'nodemailer';
import { startTestSmtp } from '../support/smtp-server';

/**
 * The tests' SMTP server (the shared one runs in jest's own process, chaos runs one too) outlives a
 * client that dies in the middle of a connection: `npm run chaos` ended with an unhandled
 * ECONNRESET from smtp-server when a worker was SIGKILLed while it sent a school e-mail.
 */
describe('the test SMTP server and a client that resets its connection', () => {
  test('a reset connection neither ends the process nor stops the server from taking the next message', async () => {
    const smtp = await startTestSmtp();
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const socket = net.connect(smtp.port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('data', () => resolve())); // the greeting
      socket.write('EHLO dying.example\r\nMAIL FROM:<a@dying.example>\r\nRCPT TO:<b@school.example>\r\nDATA\r\nSubject: half\r\n');
      await new Promise((r) => setTimeout(r, 100));
      socket.resetAndDestroy();
      await new Promise((r) => setTimeout(r, 200));
      expect(uncaught).toEqual([]);

      const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
      await mailer.sendMail({ from: 'leerplicht@lvs.test', to: 'next@school.example', subject: 'na de reset', text: 'ok' });
      expect((await smtp.waitFor((m) => m.to.includes('next@school.example'), 5_000)).parsed.subject).toBe('na de reset');
    } finally {
      process.off('uncaughtException', onUncaught);
      await smtp.close();
    }
  });
});
