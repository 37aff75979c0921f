/* Small page helpers without a page of their own:
   - <button data-copy="INPUT_ID"> copies that input's value (the projector address); the
     message goes to the sibling .copy-status (data-copied / data-failed). Plain http on a LAN
     has no Clipboard API, so it falls back to selecting the text and execCommand("copy").
   - <button data-print> prints the page (the decisions page has a print stylesheet).
   The buttons are hidden in the HTML and shown here, so nobody sees a button that cannot work. */
(function () {
  "use strict";

  function say(button, ok) {
    var status = button.parentNode.querySelector(".copy-status");
    if (!status) return;
    status.textContent = ok ? status.dataset.copied : status.dataset.failed;
    clearTimeout(status.hideTimer);
    status.hideTimer = setTimeout(function () { status.textContent = ""; }, 4000);
  }

  function legacyCopy(input) {
    input.focus();
    input.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var input = document.getElementById(button.dataset.copy);
    if (!input) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () { say(button, true); },
          function () { say(button, legacyCopy(input)); });
      } else {
        say(button, legacyCopy(input));
      }
    });
  });

  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
