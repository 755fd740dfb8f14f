"""The part of CBOR (RFC 8949) that Pagefind's index files use: integers, strings, arrays, maps.

Pagefind writes its index with the Rust `minicbor` crate: definite lengths and the
shortest form of every number, which is also what `encode` writes, so decoding a
file and encoding the result gives back the same bytes (stable.py checks that).
"""

from __future__ import annotations

UNSIGNED, NEGATIVE, BYTES, TEXT, ARRAY, MAP, SIMPLE = 0, 1, 2, 3, 4, 5, 7  # major types
SIMPLE_VALUES = {20: False, 21: True, 22: None}


class CborError(ValueError):
    pass


def decode(data: bytes):
    """The one value `data` holds; CborError if it is not the CBOR this module reads."""
    try:
        value, end = _decode(data, 0)
    except (IndexError, KeyError, UnicodeDecodeError) as error:
        raise CborError(f"unreadable CBOR ({error!r})") from None
    if end != len(data):
        raise CborError(f"{len(data) - end} bytes after the value")
    return value


def _decode(data: bytes, at: int):
    major, info = data[at] >> 5, data[at] & 31
    if major == SIMPLE:
        return SIMPLE_VALUES[info], at + 1
    argument, at = _argument(data, at, info)
    if major == UNSIGNED:
        return argument, at
    if major == NEGATIVE:
        return -1 - argument, at
    if major in (BYTES, TEXT):
        chunk = data[at : at + argument]
        if len(chunk) < argument:
            raise IndexError("string runs past the end")
        return (chunk.decode("utf-8") if major == TEXT else bytes(chunk)), at + argument
    if major == ARRAY:
        items = []
        for _ in range(argument):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    pairs = {}
    for _ in range(argument):
        key, at = _decode(data, at)
        pairs[key], at = _decode(data, at)
    return pairs, at


def _argument(data: bytes, at: int, info: int) -> tuple[int, int]:
    if info < 24:
        return info, at + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}[info]  # 28 and up (indefinite lengths): KeyError
    return int.from_bytes(data[at + 1 : at + 1 + size], "big"), at + 1 + size


def encode(value) -> bytes:
    if value is None or isinstance(value, bool):
        return bytes([SIMPLE << 5 | {False: 20, True: 21, None: 22}[value]])
    if isinstance(value, int):
        return _head(UNSIGNED, value) if value >= 0 else _head(NEGATIVE, -1 - value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(TEXT, len(raw)) + raw
    if isinstance(value, bytes):
        return _head(BYTES, len(value)) + value
    if isinstance(value, list):
        return _head(ARRAY, len(value)) + b"".join(encode(item) for item in value)
    if isinstance(value, dict):
        return _head(MAP, len(value)) + b"".join(encode(k) + encode(v) for k, v in value.items())
    raise CborError(f"cannot encode {type(value).__name__}")


def _head(major: int, argument: int) -> bytes:
    """The shortest head for `argument`, as minicbor writes it."""
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise CborError(f"{argument} is too large for CBOR")
