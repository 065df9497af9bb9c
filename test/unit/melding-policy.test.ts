import { meldingAdmissible } from '../../domain/melding-policy';
import { RegionPolicySchema, ZHZ_POLICY } from '../../domain/policy';

describe('whether a region takes a melding as a case', () => {
  test('ZHZ takes every kind; late coming from the 9th time (3-6-9 regeling)', () => {
    expect(meldingAdmissible({ kind: 'luxe' }, ZHZ_POLICY)).toEqual({ ok: true });
    expect(meldingAdmissible({ kind: 'overig', overigReason: 'te-laat', timesLate: 9 }, ZHZ_POLICY)).toEqual({ ok: true });
    const eight = meldingAdmissible({ kind: 'overig', overigReason: 'te-laat', timesLate: 8 }, ZHZ_POLICY);
    expect(eight).toEqual({ ok: false, violations: [expect.objectContaining({ code: 'melding.te-laat-threshold', message: expect.stringMatching(/9th time \(here 8\)/) })] });
    expect(meldingAdmissible({ kind: 'overig', overigReason: 'zorgen' }, ZHZ_POLICY).ok).toBe(true);
  });
  test("a region's own kinds and threshold", () => {
    const region = RegionPolicySchema.parse({ regionId: 'elders', name: 'LVS Elders', verzuimKinds: ['zestien-uur', 'overig'], lateComingReportThreshold: 6 });
    expect(meldingAdmissible({ kind: 'luxe' }, region)).toEqual({ ok: false, violations: [{ code: 'melding.kind-not-handled', message: 'LVS Elders does not handle meldingen of kind luxe.' }] });
    expect(meldingAdmissible({ kind: 'overig', overigReason: 'te-laat', timesLate: 6 }, region).ok).toBe(true);
  });
});
