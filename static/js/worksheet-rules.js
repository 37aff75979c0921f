/* The checks the server makes on a worksheet entry (forms of the entries API), repeated on the
   phone so an entry sent offline rarely comes back with a 422. The limits come from the page
   (data-limits, read from the server's form); the words from data-texts.

   R.worksheetCheck(purpose, body, limits, texts) → {field: [message]} or null. */
(function () {
  "use strict";
  var R = (window.Rembuk = window.Rembuk || {});
  var RATINGS = ["baik", "sedang", "kurang"];
  var QUADRANTS = ["S", "W", "O", "T"];

  R.worksheetCheck = function (purpose, body, limits, texts) {
    var problems = {};
    var text = typeof body.text === "string" ? body.text.trim() : "";
    if (purpose === "readiness") {
      if (RATINGS.indexOf(body.rating) < 0) problems.rating = [texts.ratingRequired];
      if (typeof body.note === "string" && body.note.trim().length > limits.note) {
        problems.note = [R.fill(texts.tooLong, { max: limits.note })];
      }
    } else if (purpose === "swot") {
      if (QUADRANTS.indexOf(body.quadrant) < 0) problems.quadrant = [texts.quadrantRequired];
      if (!text || text.length > limits.text) problems.text = [texts.textRequired];
    } else {
      if (!text || text.length > limits.text) problems.text = [texts.textRequired];
    }
    return Object.keys(problems).length ? problems : null;
  };
})();
