"""Rupiah amounts as people type them: "1.500.000", "1,5 jt", "2 M", "Rp 750 rb"."""

import re
from decimal import Decimal, InvalidOperation

# Word (lowercase, no dots) → multiplier. "M" is miliar in Indonesian budgeting.
SUFFIXES = {
    "": 1,
    "rb": 10**3,
    "ribu": 10**3,
    "k": 10**3,
    "jt": 10**6,
    "juta": 10**6,
    "m": 10**9,
    "miliar": 10**9,
    "milyar": 10**9,
    "t": 10**12,
    "triliun": 10**12,
}
# Largest budget we accept (Rp 1 kuadriliun): anything above is a typing mistake.
MAX_IDR = 10**15
_PATTERN = re.compile(r"^(?P<number>[0-9][0-9.,]*)(?P<suffix>[a-z]*)$")


def _to_decimal(number, has_suffix):
    """'1.500.000' / '1,5' / '1,500,000' / '2.5' → Decimal, by Indonesian conventions first."""
    dots, commas = number.count("."), number.count(",")
    if dots and commas:
        decimal_sep = "," if number.rfind(",") > number.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        number = number.replace(thousands, "").replace(decimal_sep, ".")
    elif dots or commas:
        sep = "." if dots else ","
        head, _, tail = number.rpartition(sep)
        grouped = (dots or commas) > 1 or (len(tail) == 3 and not has_suffix)
        if sep == "." and len(tail) == 3 and has_suffix and (dots or commas) == 1:
            grouped = True  # "1.500 jt": dots group thousands in Indonesian
        if grouped:
            groups = number.split(sep)
            if any(len(g) != 3 for g in groups[1:]) or not groups[0]:
                raise ValueError("bad digit grouping")
            number = number.replace(sep, "")
        else:
            number = head.replace(sep, "") + "." + tail
    return Decimal(number)


def parse_rupiah(text):
    """An integer number of rupiah, or ValueError with nothing guessed."""
    if isinstance(text, bool):
        raise ValueError("not an amount")
    if isinstance(text, int):
        value = text
    else:
        cleaned = re.sub(r"\s+", "", str(text)).lower()
        cleaned = re.sub(r"^(rp\.?|idr)", "", cleaned).rstrip(".")
        match = _PATTERN.match(cleaned)
        if not match or match["suffix"] not in SUFFIXES:
            raise ValueError("not an amount")
        try:
            amount = _to_decimal(match["number"], bool(match["suffix"]))
        except (InvalidOperation, ValueError) as e:
            raise ValueError("not an amount") from e
        amount *= SUFFIXES[match["suffix"]]
        if amount != amount.to_integral_value():
            raise ValueError("fractions of a rupiah")
        value = int(amount)
    if value < 0 or value > MAX_IDR:
        raise ValueError("out of range")
    return value


def format_rupiah(value):
    """1500000 → 'Rp 1.500.000' (Indonesian grouping)."""
    return "Rp " + f"{int(value):,}".replace(",", ".")
