import { createHash } from 'node:crypto';
import type { JsonValue } from './canonical-json';

/** One JSON object of an export line. */
export type Json = Record<string, JsonValue>;

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function isCount(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

/** An export's lines read for a verifier: what its kinds mean is the verifier's. */
export interface ExportLines {
  /** The objects before the trailer, each with its line number (1-based). */
  objects: { line: Json; number: number }[];
  /** The first line whose kind is `trailer`; nothing may follow it. */
  trailer?: { line: Json; number: number };
  /** SHA-256 (hex) of every byte before the trailer: what the trailer signs. */
  sha256: string;
  /** What is wrong with the framing: a cut-short file, lines that are not objects, a missing header. */
  problems: string[];
}

/**
 * Reads both NDJSON export formats (the whole trail and a filtered
 * selection) the same way: one object per line, a header first, a trailer
 * last that signs the digest of every byte before it.
 */
export function readExportLines(ndjsonText: string): ExportLines {
  const problems: string[] = [];
  const objects: ExportLines['objects'] = [];
  const digest = createHash('sha256');
  let trailer: ExportLines['trailer'];

  const lines = ndjsonText.split('\n');
  // A complete export ends with a newline; the empty string after it is not a line.
  if (lines[lines.length - 1] === '') lines.pop();
  else problems.push('the export does not end with a newline: it was cut short');

  lines.forEach((text, index) => {
    const number = index + 1;
    if (trailer !== undefined) {
      problems.push(`line ${number} comes after the trailer`);
      return;
    }
    let line: unknown;
    try {
      line = JSON.parse(text);
    } catch {
      line = undefined;
    }
    if (isObject(line) && line.kind === 'trailer') {
      trailer = { line, number };
      return;
    }
    digest.update(`${text}\n`, 'utf8');
    if (!isObject(line)) {
      problems.push(`line ${number} is not a JSON object`);
      return;
    }
    if (number === 1 && line.kind !== 'header') problems.push('line 1 is not the export header');
    objects.push({ line, number });
  });
  return { objects, trailer, sha256: digest.digest('hex'), problems };
}

/**
 * The trailer's own checks that both formats share: present, signing the
 * digest of what precedes it, counting what the export holds. Its signature
 * is the caller's, as the signed statement differs between the formats.
 */
export function trailerProblems(read: ExportLines, held: { records: number; checkpoints: number }): string[] {
  if (read.trailer === undefined)
    return ['the export has no trailer: it was cut short, or the trailer was removed'];
  const { line, number } = read.trailer;
  const problems: string[] = [];
  if (line.sha256 !== read.sha256)
    problems.push(
      `the trailer (line ${number}) signs SHA-256 ${String(line.sha256)}, but the lines before it hash to ${read.sha256}: the export was changed`,
    );
  if (line.records !== held.records || line.checkpoints !== held.checkpoints)
    problems.push(
      `the trailer counts ${String(line.records)} records and ${String(line.checkpoints)} checkpoints; the export holds ${held.records} and ${held.checkpoints}`,
    );
  return problems;
}
