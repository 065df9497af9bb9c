import { MockActivityEnvironment } from '@temporalio/testing';
import nodemailer from 'nodemailer';
import { createActivities } from '../../activities';
import { heartbeating, isHeartbeating } from '../../activities/heartbeat';
import { parseConfig } from '../../platform/config';
import { createPrisma } from '../../prisma/client';
import { HEARTBEATING_ACTIVITIES } from '../../workflows/heartbeating-activities';

/**
 * The e-mail and letter activities heartbeat while they run, so that the server retries one whose
 * worker died after the heartbeat timeout (10 s) instead of the start-to-close timeout (30 s).
 */
describe('heartbeating activities', () => {
  const slow = async (ms: number) => {
    await new Promise((r) => setTimeout(r, ms));
    return `done after ${ms} ms`;
  };

  test('heartbeats at the start and then every interval while the activity runs, and no longer after it', async () => {
    const env = new MockActivityEnvironment();
    const beats: number[] = [];
    const started = Date.now();
    env.on('heartbeat', () => beats.push(Date.now() - started));
    await expect(env.run(heartbeating(slow, 50), 260)).resolves.toBe('done after 260 ms');
    expect(beats.length).toBeGreaterThanOrEqual(3);
    expect(beats[0]).toBeLessThan(50);
    const after = beats.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(beats).toHaveLength(after);
  });

  test('stops heartbeating when the activity fails, and passes the failure on', async () => {
    const env = new MockActivityEnvironment();
    let beats = 0;
    env.on('heartbeat', () => beats++);
    const failing = heartbeating(async () => {
      await new Promise((r) => setTimeout(r, 120));
      throw new Error('SMTP server went away');
    }, 40);
    await expect(env.run(failing)).rejects.toThrow('SMTP server went away');
    const after = beats;
    await new Promise((r) => setTimeout(r, 120));
    expect(beats).toBe(after);
  });

  test('outside an activity the function simply runs', async () => {
    await expect(heartbeating(slow)(5)).resolves.toBe('done after 5 ms');
  });

  /**
   * The heartbeat timeout (workflow side) and the heartbeats (worker side) come from one list: an
   * activity given the timeout without heartbeating was given up every 10 s.
   */
  test('the worker\'s activities heartbeat exactly where the workflows give them a heartbeat timeout', async () => {
    // No I/O: building the activities opens no connection.
    const prisma = createPrisma('postgresql://nobody@127.0.0.1:1/none');
    const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' });
    const activities = createActivities({ prisma, mailer: nodemailer.createTransport({ jsonTransport: true }), config, brp: null });
    try {
      const heartbeatingNames = Object.entries(activities).filter(([, fn]) => isHeartbeating(fn)).map(([name]) => name);
      expect(heartbeatingNames.sort()).toEqual([...HEARTBEATING_ACTIVITIES].sort());
      expect(isHeartbeating(async () => undefined)).toBe(false);
    } finally {
      await prisma.$disconnect();
    }
  });
});
