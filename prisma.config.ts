import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';
import { createPgPool } from './prisma/pg-pool';

// Prisma's native engines cannot be downloaded on these machines: migrations run on the
// JavaScript schema engine over the same pg adapter the application uses.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set');
    return new PrismaPg(createPgPool(url, { max: 2 }));
  },
});
