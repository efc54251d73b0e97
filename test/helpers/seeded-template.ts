import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { runCli } from './run-cli.js';
import { tempDir } from './temp-dir.js';

/**
 * One store seeded by the built CLI once per test file (`akasa db seed` under `env`), copied
 * fresh for each test: seeding costs seconds, a copy milliseconds. Call at the top level of a
 * test file. `fresh()` gives a copy in its own temp dir, removed after the test.
 */
export function seededTemplate(name: string, env: Record<string, string>): { fresh(): { db: string; dir: string } } {
  let templateDir = '';
  let template = '';
  beforeAll(async () => {
    templateDir = mkdtempSync(join(tmpdir(), `akasa-e2e-${name}-template-`));
    template = join(templateDir, 'seeded.db');
    const r = await runCli(['--db', template, 'db', 'seed'], { env });
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(() => rmSync(templateDir, { recursive: true, force: true }));
  return {
    fresh() {
      const dir = tempDir(`akasa-e2e-${name}-`);
      const db = join(dir, 'akasa.db');
      copyFileSync(template, db);
      return { db, dir };
    },
  };
}
