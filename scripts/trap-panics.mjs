// Makes the browser module's panics trap at once, as nightly Rust's `panic = "immediate-abort"`
// does, so that wasm-opt can drop the panic message formatting (core::fmt: about 2.7 KB of the
// gzipped .wasm). Run by scripts/build.sh on wasm-bindgen's output, before wasm-opt (it needs the
// function names that wasm-bindgen keeps and wasm-opt strips).
//
// Why nothing changes for a caller: the crate is built with `panic = "abort"`, and no panic hook
// is ever set, so a panic already ends in `unreachable` (`RuntimeError: unreachable`) after std has
// formatted a message that nobody reads. Here the functions that only a panic reaches (std's panic
// handler, core's panic entry points, std's payloads, the out-of-memory hook) get the body
// `unreachable`: the same trap, without the formatting. A panic is a bug on any path a caller can
// reach (the crate has no unwrap, expect or panic! there), so this only changes what a bug costs.
// wasm-bindgen's `throw_str` is made to trap too. It reports wasm-bindgen's own invariant failures
// (a method of a freed or borrowed object, a closure called after it was dropped, `unwrap_throw`):
// bugs, as a panic is, which the entry's classes keep callers from where they can (the README's
// "Benchmarks" says which remain: a callback that outlives its call). Its import
// `__wbindgen_throw` and its texts go with it (issue 21: -305 B of the .wasm gzip).
//
// The formatting impls that the panic messages use (`u32`'s Display, RefCell's and the thread
// local's errors, String as fmt::Write) sit in the function table, which keeps them alive, so they
// are made to trap too. That is safe only while nothing in the module formats text at run time
// (the crate joins strings with crate::text instead of format!): all formatting needs a
// `&mut dyn fmt::Write`, i.e. the address of a writer's vtable. The script checks that no function
// it leaves as it is takes the address of any fmt::Write vtable, and fails the build, naming the
// function, if one does (a format!, to_string() on a number, a println!).
//
// Then, with --clear-panic-data, on wasm-opt's output: the panic data that nothing refers to any
// more is zeroed, which gzip all but drops: `Location` records (file, line and column) and the
// `.rs` paths they name, core's and std's panic message texts and the lists of their pieces. A
// record or text counts as used if any code constant, any load or store offset or any other word
// in the data section points into it (for a text: or into the text bytes just before it, where a
// longer string holding it would start), so that only bytes no instruction can reach are cleared
// (tests/build/trap-panics.mjs).
//
// usage: node scripts/trap-panics.mjs in.wasm [out.wasm]                       (before wasm-opt)
//        node scripts/trap-panics.mjs --clear-panic-data in.wasm [out.wasm]    (after it)
// (default: in place)
import { readFileSync, writeFileSync } from "node:fs";

// Functions that only a panic (or an allocation failure) reaches, by what they are.
const PANIC_ONLY = [
  /^__rustc(\[\w+\])?::rust_begin_unwind$/, // std's #[panic_handler]
  /^std(\[\w+\])?::panicking::begin_panic$/,
  /^std(\[\w+\])?::panicking::rust_panic_with_hook$/,
  /^<std(\[\w+\])?::panicking::(panic_handler::FormatStringPayload|panic_handler::StaticStrPayload|begin_panic::Payload<.*>) as /,
  /^std(\[\w+\])?::alloc::(rust_oom|default_alloc_error_hook)$/,
  /^core(\[\w+\])?::panicking::/,
  /^core(\[\w+\])?::cell::panic_already_(mutably_)?borrowed$/,
  /^core(\[\w+\])?::cell::lazy::panic_poisoned$/,
  /^core(\[\w+\])?::slice::index::\w*_fail$/,
  /^std(\[\w+\])?::thread::local::panic_access_error$/,
  /^wasm_bindgen::throw_str(::h[0-9a-f]{16})?$/, // wasm-bindgen's invariant failures
];
// The formatting impls that only panic messages use here, checked by `checkNoFormatting` (a
// function linked twice is named again with "[1]").
const FORMATTING = [
  /^<u32 as core(\[\w+\])?::fmt::Display>::fmt(\[\d+\])?$/,
  /^<core(\[\w+\])?::cell::Borrow(Mut)?Error as core(\[\w+\])?::fmt::Display>::fmt(\[\d+\])?$/,
  /^<std(\[\w+\])?::thread::local::AccessError as core(\[\w+\])?::fmt::Debug>::fmt(\[\d+\])?$/,
  /^<alloc(\[\w+\])?::string::String as core(\[\w+\])?::fmt::Write>::write_(str|char|fmt)(\[\d+\])?$/,
];
// core::fmt's own functions, as std ships them compiled (v0 names, with the crate's hash in
// brackets), run only inside formatting that something else started. Its generic ones compiled
// for this crate's types (`core::fmt::Write::write_fmt::h<hash>`, legacy names) are the crate's
// own formatting, and are checked like any other function.
const FMT_INTERNAL = /^(<)?core\[\w+\]::fmt::/;

const fail = (message) => {
  console.error(`trap-panics: ${message}`);
  process.exit(1);
};

const clearPanicData = process.argv[2] === "--clear-panic-data";
const [input, output = input] = process.argv.slice(clearPanicData ? 3 : 2);
if (!input) fail("usage: node scripts/trap-panics.mjs [--clear-panic-data] in.wasm [out.wasm]");
const wasm = readFileSync(input);
if (wasm.readUInt32LE(0) !== 0x6d736100 || wasm.readUInt32LE(4) !== 1) fail(`${input} is not a WebAssembly module`);

// A reader over `wasm`: LEB128 integers, as the binary format encodes them.
let at = 8;
const u32 = () => {
  let result = 0;
  let shift = 0;
  let byte;
  do {
    byte = wasm[at++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return result;
};
const s64 = () => {
  let result = 0n;
  let shift = 0n;
  let byte;
  do {
    byte = wasm[at++];
    result |= BigInt(byte & 0x7f) << shift;
    shift += 7n;
  } while (byte & 0x80);
  if (byte & 0x40) result -= 1n << shift;
  return result;
};
const leb = (n) => {
  const bytes = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    bytes.push(byte);
  } while (n);
  return Buffer.from(bytes);
};

let importedFunctions = 0;
let code; // { start, end } of the code section, header included
const bodies = []; // { start, end } of each defined function's body
const names = new Map(); // function index -> name
const table = new Map(); // table slot -> function index
const dataWords = new Map(); // 32-bit word -> the (aligned) addresses in memory holding it
const wordAt = new Map(); // address -> the 32-bit word there
const segments = []; // { offset, start, length } of each data segment's bytes
while (at < wasm.length) {
  const sectionStart = at;
  const id = wasm[at++];
  const size = u32();
  const end = at + size;
  if (id === 0) {
    const length = u32();
    const name = wasm.subarray(at, at + length).toString();
    at += length;
    while (name === "name" && at < end) {
      const sub = wasm[at++];
      const subEnd = u32() + at;
      if (sub === 1) {
        for (let count = u32(); count > 0; count--) {
          const index = u32();
          const length = u32();
          names.set(index, wasm.subarray(at, at + length).toString());
          at += length;
        }
      }
      at = subEnd;
    }
  } else if (id === 2) {
    for (let count = u32(); count > 0; count--) {
      const skip = () => {
        const length = u32();
        at += length;
      };
      skip(); // module
      skip(); // name
      const kind = wasm[at++];
      if (kind === 0) {
        u32();
        importedFunctions++;
      } else if (kind === 1 || kind === 2) {
        if (kind === 1) at++; // the table's element type
        const limits = u32();
        u32();
        if (limits & 1) u32();
      } else if (kind === 3) at += 2;
      else fail(`import kind ${kind} is not supported`);
    }
  } else if (id === 9) {
    for (let count = u32(); count > 0; count--) {
      if (u32() !== 0 || wasm[at++] !== 0x41) fail("only active element segments at an i32.const offset are supported");
      const offset = Number(s64());
      if (wasm[at++] !== 0x0b) fail("unexpected element segment offset expression");
      for (let i = 0, n = u32(); i < n; i++) table.set(offset + i, u32());
    }
  } else if (id === 10) {
    code = { start: sectionStart, end };
    for (let count = u32(); count > 0; count--) {
      const length = u32();
      bodies.push({ start: at, end: at + length });
      at += length;
    }
  } else if (id === 11) {
    for (let count = u32(); count > 0; count--) {
      if (u32() !== 0 || wasm[at++] !== 0x41) fail("only active data segments at an i32.const offset are supported");
      const offset = Number(s64());
      if (wasm[at++] !== 0x0b) fail("unexpected data segment offset expression");
      const length = u32();
      segments.push({ offset, start: at, length });
      for (let i = (4 - (offset % 4)) % 4; i + 4 <= length; i += 4) {
        const word = wasm.readUInt32LE(at + i);
        wordAt.set(offset + i, word);
        if (!dataWords.has(word)) dataWords.set(word, []);
        dataWords.get(word).push(offset + i);
      }
      at += length;
    }
  }
  at = end;
}
if (!code) fail(`${input} has no code section`);
if (names.size === 0 && !clearPanicData) fail(`${input} has no function names: run this on wasm-bindgen's output, before wasm-opt strips them`);

const nameOf = (index) => names.get(index) ?? `function #${index}`;

// The i32.const operands and load/store offsets of a function body: every address it can name.
function constants(body) {
  at = body.start;
  for (let groups = u32(); groups > 0; groups--) {
    u32();
    at++;
  }
  const found = [];
  const memarg = () => {
    u32();
    found.push(u32()); // an offset may be an address, added to a dynamic index
  };
  while (at < body.end) {
    const op = wasm[at++];
    if (op === 0x41) found.push(Number(BigInt.asUintN(32, s64())));
    else if (op === 0x42) s64();
    else if (op === 0x43) at += 4;
    else if (op === 0x44) at += 8;
    else if (op >= 0x02 && op <= 0x04) {
      if (wasm[at] === 0x40 || (wasm[at] >= 0x6f && wasm[at] <= 0x7f)) at++;
      else s64();
    } else if (op === 0x0c || op === 0x0d || op === 0x10 || op === 0xd2 || (op >= 0x20 && op <= 0x26)) u32();
    else if (op === 0x0e) {
      for (let n = u32(); n >= 0; n--) u32();
    } else if (op === 0x11) {
      u32();
      u32();
    } else if (op === 0x1c) {
      const types = u32();
      at += types;
    }
    else if (op >= 0x28 && op <= 0x3e) memarg();
    else if (op === 0x3f || op === 0x40 || op === 0xd0) at++;
    else if (op === 0xfc) {
      const sub = u32();
      if (sub === 8 || sub === 12 || sub === 14) {
        u32();
        u32();
      } else if (sub === 10) at += 2;
      else if (sub === 11) at++;
      else if (sub === 9 || sub === 13 || (sub >= 15 && sub <= 17)) u32();
      else if (sub > 7) fail(`unknown instruction 0xfc ${sub}`);
    } else if (!(op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b || op === 0xd1 || (op >= 0x45 && op <= 0xc4))) {
      fail(`unknown instruction 0x${op.toString(16)} in ${nameOf(importedFunctions + bodies.indexOf(body))}`);
    }
  }
  return found;
}


// The texts of core's and std's panic messages (as in Rust 1.95; one that changes is simply
// not found), the two-digit table only integer formatting reads, and the texts of
// wasm-bindgen's own invariant failures, which `throw_str` (made to trap above) was given.
const PANIC_TEXTS = [
  "slice index starts at ", " but ends at ", "index out of bounds: the len is ", " but the index is ",
  "range start index ", "range end index ", " out of range for slice of length ",
  "cannot access a Thread Local Storage value during or after destruction: ", "AccessError",
  "LazyCell instance has previously been poisoned", "`async fn` resumed after completion",
  "RefCell already mutably borrowed", "RefCell already borrowed", "capacity overflow",
  "internal error: entered unreachable code", "Tried to shrink to a larger capacity",
  Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0")).join(""),
  "attempted to take ownership of Rust value while it was borrowed", "null pointer passed to rust",
  "recursive use of an object detected which would lead to unsafe aliasing in rust",
  "FnOnce called more than once", "closure invoked recursively or after being dropped",
  "called `Option::unwrap_throw()` on a `None` value", "called `Result::unwrap_throw()` on an `Err` value",
  "finish: callbacks should be Some", "finish: result should be None",
];

// Zeroes the panic data nothing refers to once panics trap: `Location` records (file pointer and
// length, line, column) and the `.rs` paths they name, and the panic messages' texts with the
// runs of `&str`s (pointer, length) that list their pieces.
function clearUnusedPanicData() {
  const texts = [];
  for (const { offset, start, length } of segments) {
    const text = wasm.subarray(start, start + length).toString("latin1");
    for (const match of text.matchAll(/[\w.\/-]+\.rs/g)) texts.push({ from: offset + match.index, to: offset + match.index + match[0].length, path: true });
    for (const panicText of PANIC_TEXTS) {
      for (let i = text.indexOf(panicText); i >= 0; i = text.indexOf(panicText, i + 1)) texts.push({ from: offset + i, to: offset + i + panicText.length });
    }
  }
  const textAt = (address, length) => texts.find((t) => t.from === address && t.to - t.from === length);
  // Records: a Location (16 bytes) or a run of consecutive `&str`s (8 bytes each) naming texts.
  const records = [];
  for (const [address, word] of wordAt) {
    const text = textAt(word, wordAt.get(address + 4));
    if (!text) continue;
    const last = records.at(-1);
    if (text.path) {
      if (wordAt.has(address + 12)) records.push({ from: address, to: address + 16, texts: [text] });
    } else if (last?.run && last.to === address) {
      last.to += 8;
      last.texts.push(text);
    } else records.push({ from: address, to: address + 8, texts: [text], run: true });
  }
  const used = new Set();
  for (const body of bodies) for (const value of constants(body)) used.add(value);
  const inRecord = (address) => records.some((r) => address >= r.from && address < r.to);
  for (const [address, word] of wordAt) if (!inRecord(address)) used.add(word);
  const pointedInto = ({ from, to }) => [...used].some((a) => a >= from && a < to);
  const unused = records.filter((r) => !pointedInto(r));
  const kept = records.filter((r) => !unused.includes(r));
  // A text found by its bytes may sit inside a longer string of the crate's (a message naming
  // "docs.rs" or saying "capacity overflow"), which a pointer to that string's start names, not
  // a pointer into the text. So a text counts as used if anything points into it or into the run
  // of text bytes (printable ASCII, tab, line breaks, UTF-8) just before it, where such a
  // string would start.
  const byteAt = (address) => {
    const segment = segments.find((s) => address >= s.offset && address < s.offset + s.length);
    return segment && wasm[segment.start + address - segment.offset];
  };
  const textLike = (b) => b !== undefined && ((b >= 0x20 && b !== 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d);
  const withRunBefore = ({ from, to }) => {
    while (textLike(byteAt(from - 1))) from--;
    return { from, to };
  };
  const unusedTexts = texts.filter((t) => !pointedInto(withRunBefore(t)) && !kept.some((r) => r.texts.includes(t)));
  let cleared = 0;
  for (const { from, to } of [...unused, ...unusedTexts]) {
    for (const { offset, start, length } of segments) {
      for (let a = Math.max(from, offset); a < Math.min(to, offset + length); a++) {
        if (wasm[start + a - offset] !== 0) cleared++;
        wasm[start + a - offset] = 0;
      }
    }
  }
  writeFileSync(output, wasm);
  console.error(`trap-panics: ${unused.length} of ${records.length} panic locations and message lists, ${unusedTexts.length} of ${texts.length} paths and texts unused; ${cleared} bytes cleared`);
}

if (clearPanicData) {
  clearUnusedPanicData();
  process.exit(0);
}

const defined = bodies.map((_, i) => importedFunctions + i);
const matching = (patterns) => defined.filter((f) => patterns.some((p) => p.test(nameOf(f))));
const panicOnly = matching(PANIC_ONLY);
const formatting = matching(FORMATTING);
if (!panicOnly.some((f) => PANIC_ONLY[0].test(nameOf(f)))) fail("found no rust_begin_unwind (std's panic handler): has the toolchain renamed it?");
const trapping = new Set([...panicOnly, ...formatting]);

// Nothing that stays as it is may take the address of a fmt::Write vtable: drop, size, align,
// then the table slots of write_str and write_char.
function checkNoFormatting() {
  // `<W as core::fmt::Write>::write_str`, or a default method (`core::fmt::Write::write_char`),
  // with std's v0 names or the crate's legacy ones (a `::h<hash>` suffix).
  const writes = (f, method) =>
    new RegExp(`(as core(\\[\\w+\\])?::fmt::Write>|^core(\\[\\w+\\])?::fmt::Write)::${method}(\\[\\d+\\]|::h[0-9a-f]{16})?$`).test(nameOf(f));
  const vtables = new Map(); // address -> writer
  for (const [slot, f] of table) {
    if (!writes(f, "write_str")) continue;
    for (const address of dataWords.get(slot) ?? []) {
      const next = table.get(wordAt.get(address + 4));
      if (next !== undefined && writes(next, "write_char")) vtables.set(address - 12, nameOf(f));
    }
  }
  if (vtables.size === 0) fail("found no fmt::Write vtable: has the layout of Rust's vtables changed? Then this check must be updated");
  for (const [address, writer] of vtables) {
    if (dataWords.has(address)) fail(`the data section holds the address of ${writer}'s vtable: something formats text at run time, which this script would make trap`);
  }
  bodies.forEach((body, i) => {
    const f = importedFunctions + i;
    if (trapping.has(f) || FMT_INTERNAL.test(nameOf(f))) return;
    for (const value of constants(body)) {
      if (vtables.has(value)) {
        fail(`${nameOf(f)} formats text at run time (it takes the address of ${vtables.get(value)}'s vtable: a format!, to_string() or write! on something that is not a str). This script would make that trap: build the text with crate::text instead.`);
      }
    }
  });
}
checkNoFormatting();

const trap = Buffer.from([0x00, 0x00, 0x0b]); // no locals; unreachable; end
const parts = [leb(bodies.length)];
bodies.forEach((body, i) => {
  const content = trapping.has(importedFunctions + i) ? trap : wasm.subarray(body.start, body.end);
  parts.push(leb(content.length), content);
});
const content = Buffer.concat(parts);
writeFileSync(output, Buffer.concat([wasm.subarray(0, code.start), Buffer.from([10]), leb(content.length), content, wasm.subarray(code.end)]));
console.error(`trap-panics: ${panicOnly.length} panic-only functions and ${formatting.length} formatting impls made to trap`);
