"""Contact details shown or printed only in part, so a receipt or a kiosk screen left behind
does not hand a stranger someone's mobile number or e-mail address.

- Mobile: the first two and the last two digits stay, every digit between becomes ``•``:
  ``"9876543210"`` -> ``"98••••••10"``. A leading ``+`` stays (``"+91 98765 43210"`` ->
  ``"+91••••••••10"``, the country code being the first two digits); spaces, hyphens, dots and
  brackets are dropped. Numbers of fewer than six digits are masked entirely, since showing four
  of five digits would hide nothing.
- E-mail: the domain stays, the local part keeps its first two characters (one if it has only
  two, none if it has one) and the rest become ``•``: ``"ravi.kumar@example.com"`` ->
  ``"ra••••••••@example.com"``.

``None``, empty or blank input gives ``""``. Pass ``mask="*"`` for a printer whose code page
has no ``•``.
"""

from __future__ import annotations

__all__ = ["MASK", "mask_email", "mask_mobile"]

MASK = "•"
_DROPPED = frozenset(" -.()/\t\u00a0")
_MIN_DIGITS_TO_SHOW_ENDS = 6


def mask_mobile(number: str | None, *, mask: str = MASK) -> str:
    """``number`` with all but its first two and last two digits replaced by ``mask``.

    Characters that are neither digits nor separators are treated like digits (they are
    masked too, never shown in the middle), so odd input never leaks more than four characters.
    """
    if not number or not number.strip():
        return ""
    text = number.strip()
    plus = "+" if text.startswith("+") else ""
    chars = [ch for ch in text[len(plus) :] if ch not in _DROPPED]
    if not chars:
        return ""
    if len(chars) < _MIN_DIGITS_TO_SHOW_ENDS:
        return plus + mask * len(chars)
    return plus + "".join(chars[:2]) + mask * (len(chars) - 4) + "".join(chars[-2:])


def mask_email(address: str | None, *, mask: str = MASK) -> str:
    """``address`` with its local part masked after the first two characters; domain kept.

    Text without ``@`` is masked as a local part alone. The last ``@`` separates the domain.
    """
    if not address or not address.strip():
        return ""
    local, at, domain = address.strip().rpartition("@")
    if not at:
        local, domain = domain, ""
    shown = 2 if len(local) > 2 else len(local) - 1
    shown = max(shown, 0)
    return local[:shown] + mask * (len(local) - shown) + at + domain
