/* Rupiah amounts as people type them ("1.500.000", "1,5 jt", "2 M", "Rp 750 rb"): the twin of
   workshop/budget.py parse_rupiah, for the live preview under the budget field. Same rules,
   same refusals (null where Python raises ValueError); exact string arithmetic, no floats.
   The server stays the judge: this only shows people what it will read. */
(function () {
  "use strict";
  var R = (window.Rembuk = window.Rembuk || {});

  // Word → power of ten. "M" is miliar in Indonesian budgeting.
  var SUFFIXES = {
    "": 0, rb: 3, ribu: 3, k: 3, jt: 6, juta: 6,
    m: 9, miliar: 9, milyar: 9, t: 12, triliun: 12
  };
  // Largest budget accepted (Rp 1 kuadriliun), as a digit string.
  var MAX_IDR = "1000000000000000";
  var PATTERN = /^([0-9][0-9.,]*)([a-z]*)$/;

  function count(text, ch) { return text.split(ch).length - 1; }

  /* "1.500.000" / "1,5" / "1,500,000" / "2.5" → {int, frac} digit strings, or null. */
  function toDecimal(number, hasSuffix) {
    var dots = count(number, "."), commas = count(number, ",");
    if (dots && commas) {
      var decimalSep = number.lastIndexOf(",") > number.lastIndexOf(".") ? "," : ".";
      var thousands = decimalSep === "," ? "." : ",";
      number = number.split(thousands).join("").split(decimalSep).join(".");
    } else if (dots || commas) {
      var sep = dots ? "." : ",";
      var n = dots || commas;
      var cut = number.lastIndexOf(sep);
      var head = number.slice(0, cut), tail = number.slice(cut + 1);
      var grouped = n > 1 || (tail.length === 3 && !hasSuffix);
      if (sep === "." && tail.length === 3 && hasSuffix && n === 1) grouped = true;
      if (grouped) {
        var groups = number.split(sep);
        if (!groups[0]) return null;
        for (var i = 1; i < groups.length; i++) {
          if (groups[i].length !== 3) return null;
        }
        number = groups.join("");
      } else {
        number = head.split(sep).join("") + "." + tail;
      }
    }
    var parts = number.split(".");
    if (parts.length > 2 || !/^[0-9]+$/.test(parts[0])) return null;
    var frac = parts.length === 2 ? parts[1] : "";
    if (!/^[0-9]*$/.test(frac)) return null;
    return { int: parts[0], frac: frac };
  }

  function stripZeros(digits) {
    var s = digits.replace(/^0+/, "");
    return s || "0";
  }

  /* An integer number of rupiah, or null (nothing guessed). */
  function parseRupiah(text) {
    if (typeof text === "number") {
      if (!Number.isInteger(text) || text < 0 || text > Number(MAX_IDR)) return null;
      return text;
    }
    if (typeof text !== "string") return null;
    var cleaned = text.replace(/\s+/g, "").toLowerCase();
    cleaned = cleaned.replace(/^(rp\.?|idr)/, "").replace(/\.+$/, "");
    var match = PATTERN.exec(cleaned);
    if (!match || !Object.prototype.hasOwnProperty.call(SUFFIXES, match[2])) return null;
    var dec = toDecimal(match[1], match[2] !== "");
    if (!dec) return null;
    var power = SUFFIXES[match[2]];
    var frac = dec.frac.replace(/0+$/, "");
    if (frac.length > power) return null; // fractions of a rupiah
    var digits = stripZeros(dec.int + frac + "0".repeat(power - frac.length));
    if (digits.length > MAX_IDR.length ||
        (digits.length === MAX_IDR.length && digits > MAX_IDR)) return null;
    return Number(digits);
  }

  /* 1500000 → "Rp 1.500.000" (Indonesian grouping; "," for English pages). */
  function formatRupiah(value, lang) {
    var sep = (lang || document.documentElement.lang) === "en" ? "," : ".";
    return "Rp " + String(value).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  }

  R.parseRupiah = parseRupiah;
  R.formatRupiah = formatRupiah;
})();
