/**
 * Where SQL may be written (see docs/architecture.md, "Queries"): SQL text only in
 * src/store, and no hand-written SQL (`store.sqlAll`/`sqlFirst`/`sqlRun`, whose row types
 * nothing checks: tests alone use them) anywhere in src; the dialect's pragmas go through
 * `store.pragma`. A failure names the file and the line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const rel = (file: string) => relative(SRC, file).split(sep).join('/');

/** The start of a SQL statement. */
const SQL = /^\s*(select\s+(distinct\s+)?(\*|\w+\(|[\w."]+\s*(,|\s+as\s|\s+from\s))|insert\s+(or\s+\w+\s+)?into\s|update\s+\w+\s+set\s|delete\s+from\s|pragma\s|create\s+(unique\s+)?(table|index)\s|alter\s+table\s|drop\s+(table|index)\s|with\s+\w+\s+as\s*\()/i;

/** String and template literals of a file that read as SQL, with their line numbers. */
function sqlLiterals(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node)) {
      if (SQL.test(node.text)) found.push(`${rel(file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.text.trim().slice(0, 60)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('where SQL is written', () => {
  const files = sourceFiles(SRC);

  it('recognises SQL text (the check can fail)', () => {
    const samples = ['select id from bookings where id = ?', 'INSERT OR IGNORE INTO t (a) values (1)', 'update bookings set status = ?', 'pragma user_version', 'delete from x'];
    expect(samples.filter((s) => !SQL.test(s))).toEqual([]);
    expect(['Select a seat from the map', 'update the booking', 'selected'].filter((s) => SQL.test(s))).toEqual([]);
  });

  it('no SQL text outside src/store', () => {
    expect(files.filter((f) => rel(f).startsWith('store/migrations/')).flatMap(sqlLiterals).length, 'finds the SQL the migrations write').toBeGreaterThan(0);
    const outside = files.filter((f) => !rel(f).startsWith('store/')).flatMap(sqlLiterals);
    expect(outside).toEqual([]);
  });

  it('no hand-written SQL in src', () => {
    const calls = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/\.sql(All|First|Run)\b/.test(line) ? [`${rel(f)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(calls).toEqual([]);
  });
});
