import { tryGetDataType } from '@medplum/core';

/**
 * JavaScript versions of the R4 invariants whose FHIRPath evaluation
 * dominates validation. ext-1 (`extension.exists() != value.exists()`) is
 * checked on every extension: about seven times an XML 130 resource and five
 * times a golden Person, each asking medplum's engine for `value`, which
 * tries each of the fifty types of `value[x]` by building its name.
 *
 * Each answers exactly as medplum's engine would (an element is "empty" as
 * its `isEmpty` says; `exists()` needs every item non-empty), or says
 * `undefined` — evaluate as usual — where a `_name` key would make the
 * engine merge primitive extensions in. test/validation/structure-validator.test.ts
 * holds the validator to medplum's answers, mutated extensions included.
 */
export type NativeInvariant = (value: Record<string, unknown>) => boolean | undefined;

/** The native version of an invariant, when it has one and its expression is the one we know. */
export function nativeInvariant(key: string, expression: string): NativeInvariant | undefined {
  return key === 'ext-1' && expression === 'extension.exists() != value.exists()' ? ext1 : undefined;
}

let valueNames: string[] | undefined;

/** `valueBase64Binary`, `valueBoolean`, …: the JSON names of Extension.value[x], in the order medplum tries them. */
function extensionValueNames(): string[] {
  valueNames ??= (tryGetDataType('Extension')?.elements['value[x]']?.type ?? []).map(
    (t) => `value${t.code.charAt(0).toUpperCase()}${t.code.slice(1)}`,
  );
  return valueNames;
}

function ext1(extension: Record<string, unknown>): boolean | undefined {
  for (const key in extension) if (key.charCodeAt(0) === 95 /* _ */) return undefined;
  let value: unknown;
  for (const name of extensionValueNames()) {
    if (extension[name] !== undefined) {
      value = extension[name];
      break;
    }
  }
  return exists(extension.extension) !== exists(value);
}

/** FHIRPath `exists()` on an element's JSON value: something there, and no item of it empty. */
function exists(value: unknown): boolean {
  if (isEmpty(value)) return false;
  return Array.isArray(value) ? value.every((item) => !isEmpty(item)) : true;
}

/** medplum's `isEmpty`: absent, null, '', [] or {}. */
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value === '';
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.length === 0;
  for (const _ in value) return false;
  return true;
}
