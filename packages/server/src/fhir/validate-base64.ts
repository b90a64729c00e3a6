/**
 * base64Binary as R4 defines it: the regex in the StructureDefinition is
 * `(\s*([0-9a-zA-Z\+/=]){4}\s*)+` (https://hl7.org/fhir/R4/datatypes.html#base64Binary),
 * so whitespace between groups of four characters is allowed — base64 is
 * often line-wrapped, as in the official binary-example. @medplum/core's
 * validator rejects any whitespace; validate.ts uses this module to take back
 * those rejections when the value is valid R4.
 */

/** Whether `value` matches the R4 base64Binary regex, with padding only at the end. */
export function isR4Base64(value: string): boolean {
  let chars = 0;
  let padding = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) {
      // Whitespace only between groups of four.
      if (chars % 4 !== 0) return false;
      continue;
    }
    if (c === 0x3d /* = */) padding++;
    else if (padding > 0 || !isBase64Char(c)) return false;
    chars++;
  }
  return chars > 0 && chars % 4 === 0 && padding <= 2;
}

function isBase64Char(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2b || // +
    c === 0x2f // /
  );
}

const STEP = /^([A-Za-z0-9_]+?)(\[x\])?(?:\[(\d+)\])?$/;

/**
 * The value a simple FHIRPath expression from @medplum/core points to, e.g.
 * `Binary.data`, `DocumentReference.content[0].attachment.data` or
 * `Parameters.parameter[0].value[x]` (a choice of type base64Binary).
 * Undefined when the path does not resolve.
 */
export function base64ValueAt(resource: object, expression: string): unknown {
  const steps = expression.split('.');
  let node: unknown = resource;
  for (const step of steps.slice(1)) {
    const m = STEP.exec(step);
    if (!m || !node || typeof node !== 'object') return undefined;
    const [, name, choice, index] = m;
    const key = choice ? `${name}Base64Binary` : name!;
    node = (node as Record<string, unknown>)[key];
    if (index !== undefined) node = Array.isArray(node) ? (node[Number(index)] as unknown) : undefined;
  }
  return node;
}
