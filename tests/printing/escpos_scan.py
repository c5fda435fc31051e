"""Reading back the ESC/POS bytes our renderer makes: text lines, pictures, QR codes.

Only the commands the renderer uses are known; anything else raises, so a change in what is
emitted shows up here instead of being skipped over.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Scan:
    lines: list[tuple[bytes, bool]] = field(default_factory=list)  # (text, double width)
    images: list[tuple[int, int]] = field(default_factory=list)  # (width dots, height dots)
    qr_codes: list[bytes] = field(default_factory=list)
    cuts: int = 0
    drawer_kicks: int = 0
    code_page: int | None = None

    def text(self) -> bytes:
        return b"\n".join(line for line, _ in self.lines)


_FIXED = {  # command prefix -> number of parameter bytes after it
    b"\x1b@": 0,
    b"\x1bE": 1,
    b"\x1ba": 1,
    b"\x1dB": 1,
    b"\x1bd": 1,
    b"\x1b-": 1,
    b"\x1dV": 1,
}


def scan(data: bytes) -> Scan:
    result = Scan()
    i = 0
    line = bytearray()
    double = False
    while i < len(data):
        two = data[i : i + 2]
        if two in _FIXED:
            i += 2 + _FIXED[two]
            if two == b"\x1dV":
                result.cuts += 1
            continue
        if two == b"\x1bt":
            result.code_page = data[i + 2]
            i += 3
        elif two == b"\x1b!":
            double = bool(data[i + 2] & 0x30)
            i += 3
        elif two == b"\x1bp":
            result.drawer_kicks += 1
            i += 5
        elif data[i : i + 3] == b"\x1d(k":
            size = data[i + 3] | data[i + 4] << 8
            body = data[i + 5 : i + 5 + size]
            if body[:3] == b"1P0":
                result.qr_codes.append(bytes(body[3:]))
            i += 5 + size
        elif data[i : i + 3] == b"\x1dv0":
            width = (data[i + 4] | data[i + 5] << 8) * 8
            height = data[i + 6] | data[i + 7] << 8
            result.images.append((width, height))
            i += 8 + width // 8 * height
        elif data[i] == 0x0A:
            result.lines.append((bytes(line), double))
            line.clear()
            i += 1
        elif data[i] < 0x20:
            raise AssertionError(f"unknown command at {i}: {data[i : i + 4]!r}")
        else:
            line.append(data[i])
            i += 1
    if line:
        result.lines.append((bytes(line), double))
    return result
