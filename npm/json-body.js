// The reads of a parsed JSON response body that the response checks make (src/js/value.rs,
// `JsonBody`): a value's type as one small number, and the types of all of a shape's members in
// one call, so that checking an object's members costs one call from WebAssembly instead of a
// read and one to three type tests for each. The checks and their messages stay in Rust; this
// only answers `typeof`. Never throws: a read that throws (only a getter someone put on
// Object.prototype could, JSON.parse makes plain data) answers THREW.
//
// Codes (the same as `ValueType::code` in src/wire/value.rs): 0 undefined, 1 null, 2 boolean,
// 3 number, 4 string, 5 array, 6 object, 7 function, 8 bigint, 9 symbol, 10 the read threw.
const THREW = 10;

function code(value) {
  switch (typeof value) {
    case "string":
      return 4;
    case "number":
      return 3;
    case "object":
      return value === null ? 1 : Array.isArray(value) ? 5 : 6;
    case "boolean":
      return 2;
    case "undefined":
      return 0;
    case "function":
      return 7;
    case "bigint":
      return 8;
    default:
      return 9;
  }
}

/** The type code of `value`. */
export function jsonType(value) {
  try {
    return code(value);
  } catch {
    return THREW;
  }
}

/**
 * The type codes of `object[keys[0]]`, `object[keys[1]]`, … (at most 13 keys) in one number,
 * 4 bits each, the first key's lowest: one call from WebAssembly for a shape's members.
 */
export function memberTypes(object, keys) {
  let packed = 0;
  for (let i = keys.length - 1; i >= 0; i -= 1) {
    let type;
    try {
      type = code(object[keys[i]]);
    } catch {
      type = THREW;
    }
    packed = packed * 16 + type;
  }
  return packed;
}

/** `object[key]`, `undefined` if the read threw. */
export function member(object, key) {
  try {
    return object[key];
  } catch {
    return undefined;
  }
}

/** `array.length`, 0 if the read threw: the checks read a member's type and the member in two
 * reads, and a getter on Object.prototype may answer an array to one and not to the other. */
export function arrayLength(array) {
  try {
    return array.length >>> 0;
  } catch {
    return 0;
  }
}
