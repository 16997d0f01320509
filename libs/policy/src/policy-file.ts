import { sha256Hex } from './canonical-json';
import { compilePolicy } from './policy-validator';
import type { CompiledPolicy } from './policy.types';

/**
 * A policy file's text, parsed, validated and compiled, with the SHA-256 of
 * its bytes carried into every decision. Every service that decides with
 * the engine reads its policy file through this, so a bad file stops each of
 * them at start in the same words.
 *
 * @throws naming the file and every problem when it is not a valid policy
 */
export function compilePolicyFile(text: string, file: string): CompiledPolicy {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`policy ${file} is not JSON: ${(error as Error).message}`);
  }
  const compiled = compilePolicy(parsed, { fileSha256: sha256Hex(text) });
  if (!compiled.ok) {
    throw new Error(
      `policy ${file} is not valid: ${compiled.errors.map((e) => `${e.pointer} ${e.message}`).join('; ')}`,
    );
  }
  return compiled.policy;
}
