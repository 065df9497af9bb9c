import { z } from 'zod';
import { DecideIntakeInput, RecordHoorgesprekInput } from '../../domain/case/actions';
import { lazySchema } from '../../domain/lazy-schema';

/** domain/lazy-schema.ts: a schema built on first use behaves as the schema itself, for zod and for the code. */
describe('lazySchema', () => {
  const eager = () => z.object({ name: z.string().min(1), age: z.number().int().optional() }).strict();

  test('builds on the first use, once', () => {
    let builds = 0;
    const lazy = lazySchema(() => (builds++, eager()));
    expect(builds).toBe(0);
    expect(lazy.safeParse({ name: 'Sem' }).success).toBe(true);
    expect(lazy.parse({ name: 'Sem', age: 14 })).toEqual({ name: 'Sem', age: 14 });
    expect(builds).toBe(1);
  });

  test('parses, refuses and describes as the schema it wraps', () => {
    const lazy = lazySchema(eager);
    const bad = { name: '', extra: 1 };
    expect(lazy.safeParse(bad).error?.issues).toEqual(eager().safeParse(bad).error?.issues);
    expect(lazy).toBeInstanceOf(z.ZodObject);
    expect(z.toJSONSchema(lazy)).toEqual(z.toJSONSchema(eager()));
  });

  test('composes: inside other schemas and with the schema methods', () => {
    const lazy = lazySchema(eager);
    const outer = z.object({ person: lazy, maybe: lazy.optional(), list: z.array(lazy).max(2) });
    expect(outer.parse({ person: { name: 'A' }, list: [{ name: 'B' }] })).toEqual({ person: { name: 'A' }, list: [{ name: 'B' }] });
    expect(outer.safeParse({ person: { name: 'A', x: 1 }, list: [] }).success).toBe(false);
    expect(lazy.extend({ city: z.string() }).parse({ name: 'A', city: 'Dordrecht' })).toEqual({ name: 'A', city: 'Dordrecht' });
    expect(Object.keys(lazy.shape)).toEqual(['name', 'age']);
  });

  test("the case's action schemas keep their refinements and defaults", () => {
    expect(DecideIntakeInput.safeParse({ decision: 'sluiten' }).error?.issues).toEqual([expect.objectContaining({ path: ['closureReason'], message: 'closureReason is required when the case is closed' })]);
    expect(RecordHoorgesprekInput.parse({ outcome: 'gehouden', summary: ' Gesprek gevoerd ' })).toEqual({ outcome: 'gehouden', youthHeard: false, summary: 'Gesprek gevoerd' });
  });
});
