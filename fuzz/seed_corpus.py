#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets from the golden vectors (run by scripts/fuzz).

    python3 fuzz/seed_corpus.py GOLDEN_DIR CORPUS_DIR

- protocol_evaluate: each golden case's request text (a `request_text` verbatim, a `request`
  as compact JSON, as tests/support/golden.rs sends it);
- c_eval_json: the same texts behind two bytes that choose the buffer size (the target reads a
  little-endian u16: size % 8 is 0 (no room), 1 (one byte short), 2 (the size needed), 3 (one
  over), else that many bytes); the cases cycle through the modes;
- quantity_parse: every string in the golden requests (quantities, units, ids, times) and each
  `{"value", "unit"}` object written as `"value unit"`;
- structured_requests: one input per operation (the first four bytes choose the variant of
  `itb_fuzz::structured::Op` as arbitrary's derive does: u32 LE × 24 >> 32), each followed by
  two fillers, so the fuzzer starts at every operation.

Also two libFuzzer dictionaries in CORPUS_DIR: protocol.dict (the keys and string values of
the golden requests as JSON strings, and a few JSON tokens) for protocol_evaluate and
c_eval_json, quantity.dict (the same strings bare) for quantity_parse.

Files are named by the SHA-1 of their content, as libFuzzer names what it adds, so running this
again rewrites the same files. Prints how many files each target has.
"""

import hashlib
import json
import pathlib
import sys

OPS = 24  # len(itb::protocol::OPS), the variants of itb_fuzz::structured::Op


def request_texts(golden_dir):
    texts = []
    for path in sorted(pathlib.Path(golden_dir).glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            if "request_text" in case:
                texts.append((case["request_text"], None))
            else:
                request = case["request"]
                texts.append(
                    (json.dumps(request, separators=(",", ":"), ensure_ascii=False), request)
                )
    return texts


def strings_in(value, out):
    if isinstance(value, str):
        out.add(value)
    elif isinstance(value, list):
        for v in value:
            strings_in(v, out)
    elif isinstance(value, dict):
        if set(value) == {"value", "unit"} and isinstance(value["unit"], str):
            v = value["value"]
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                out.add(f"{v} {value['unit']}")
        for k, v in value.items():
            if k != "op":
                strings_in(v, out)


def write(corpus_dir, target, blobs):
    directory = pathlib.Path(corpus_dir) / target
    directory.mkdir(parents=True, exist_ok=True)
    names = set()
    for blob in blobs:
        name = hashlib.sha1(blob).hexdigest()
        names.add(name)
        (directory / name).write_bytes(blob)
    return len(names)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    golden_dir, corpus_dir = sys.argv[1], sys.argv[2]
    texts = request_texts(golden_dir)
    if not texts:
        sys.exit(f"no golden cases in {golden_dir}")

    requests = [t.encode("utf-8") for t, _ in texts]
    counts = {"protocol_evaluate": write(corpus_dir, "protocol_evaluate", requests)}

    c_inputs = [(i % 0x10000).to_bytes(2, "little") + r for i, r in enumerate(requests)]
    counts["c_eval_json"] = write(corpus_dir, "c_eval_json", c_inputs)

    quantities = set()
    for text, request in texts:
        if request is None:
            try:
                request = json.loads(text)
            except (ValueError, RecursionError):  # not JSON, or nested too deep
                continue
        strings_in(request, quantities)
    counts["quantity_parse"] = write(
        corpus_dir, "quantity_parse", [q.encode("utf-8") for q in sorted(quantities)]
    )

    seeds = []
    for k in range(OPS):
        variant = ((2 * k + 1) << 32) // (2 * OPS)  # the middle of variant k's range
        assert (variant * OPS) >> 32 == k
        for filler in (0xC8, 0x97):
            seeds.append(variant.to_bytes(4, "little") + bytes([filler]) * 96)
    counts["structured_requests"] = write(corpus_dir, "structured_requests", seeds)

    for target, n in counts.items():
        print(f"corpus {target}: {n} seed files")

    # Dictionaries: the words of the requests, quoted as JSON for the protocol targets.
    keys, values = set(), set()
    for text, request in texts:
        if request is None:
            try:
                request = json.loads(text)
            except (ValueError, RecursionError):
                continue
        words_in(request, keys, values)
    json_words = {json.dumps(w, ensure_ascii=False) for w in keys | values}
    json_words |= {'":"', '","', "null", "true", "false", "1e308", "-0", "[]", "{}"}
    n = write_dict(pathlib.Path(corpus_dir) / "protocol.dict", json_words)
    print(f"dictionary protocol.dict: {n} words")
    n = write_dict(pathlib.Path(corpus_dir) / "quantity.dict", quantities | values)
    print(f"dictionary quantity.dict: {n} words")


def words_in(value, keys, values):
    if isinstance(value, str):
        values.add(value)
    elif isinstance(value, list):
        for v in value:
            words_in(v, keys, values)
    elif isinstance(value, dict):
        for k, v in value.items():
            keys.add(k)
            words_in(v, keys, values)


def write_dict(path, words):
    """A libFuzzer dictionary: one quoted word a line, bytes outside printable ASCII as \\xNN."""
    lines = []
    for word in sorted(words):
        raw = word.encode("utf-8")
        if not raw or len(raw) > 64:  # libFuzzer's longest dictionary word
            continue
        escaped = "".join(
            "\\\\" if b == 0x5C
            else '\\"' if b == 0x22
            else chr(b) if 0x20 <= b < 0x7F
            else f"\\x{b:02X}"
            for b in raw
        )
        lines.append(f'"{escaped}"')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    return len(lines)


if __name__ == "__main__":
    main()
