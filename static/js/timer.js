/* A countdown that every screen runs locally from the server's timer state, so all screens
   agree without a tick per second on the network. State: {ends_at, remaining, running,
   duration, server_time} as GET/POST /api/v1/workshops/{id}/timer and the `timer` push give it.
   `server_time` corrects this device's clock (the same correction the projector applies).

     var countdown = Rembuk.countdown(function (seconds, phase, state) { ... });
     countdown.set(state);      // on load, after a push, after a reconnect
     countdown.left();          // seconds left now (fractional)
     countdown.redraw();        // call onTick again (e.g. after re-enabling buttons)
     Rembuk.formatClock(299.2)  // "5:00" (whole seconds rounded up, as the projector shows)

   phase: "running" | "paused" | "done" (ran out) | "stopped" (no timer).

   The console's timer panel (face and form) on top of it:

     var timer = Rembuk.timerControls({form, msg, state, url});
     timer.run(form, action)   // the form's buttons through the API: start|pause|resume|add|stop
     timer.set(state) / timer.load() / timer.redraw()

   The minutes' range is the input's min/max, drawn by the server from forms/console.py;
   "+1 minute" sends no amount (the server adds its default minute). */
(function () {
  "use strict";
  var R = (window.Rembuk = window.Rembuk || {});
  var TICK_MS = 250;

  R.formatClock = function (seconds) {
    var left = Math.max(0, Math.ceil(seconds));
    var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    return (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (s < 10 ? "0" : "") + s;
  };

  R.countdown = function (onTick) {
    var state = { ends_at: null, remaining: 0, running: false, duration: 0 };
    var offset = 0;  // server clock − this clock, in ms
    var ticking = null;

    function left() {
      if (!state.running || !state.ends_at) return Math.max(0, Number(state.remaining) || 0);
      return Math.max(0, (Date.parse(state.ends_at) - (Date.now() + offset)) / 1000);
    }
    function phase(seconds) {
      if (state.running) return seconds > 0 ? "running" : "done";
      if (seconds > 0) return "paused";
      return (state.duration || 0) > 0 ? "done" : "stopped";
    }
    function tick() {
      var seconds = left();
      var now = phase(seconds);
      if (now !== "running" && ticking) { clearInterval(ticking); ticking = null; }
      onTick(seconds, now, state);
    }
    return {
      set: function (next) {
        state = next || state;
        if (state.server_time) offset = Date.parse(state.server_time) - Date.now();
        if (state.running && !ticking) ticking = setInterval(tick, TICK_MS);
        tick();
      },
      left: left,
      redraw: tick,
      state: function () { return state; }
    };
  };

  R.timerControls = function (opts) {
    var form = opts.form, msg = opts.msg;
    function $(id) { return document.getElementById(id); }
    var countdown = R.countdown(function (seconds, phase) {
      var digits = $("timer-digits");
      var text = R.formatClock(seconds);
      if (digits.textContent !== text) digits.textContent = text;
      var face = $("timer-face");
      face.dataset.state = phase;
      face.classList.toggle("warn", phase === "running" && seconds <= 60);
      $("timer-state").textContent = msg["timer" + phase.charAt(0).toUpperCase() + phase.slice(1)] || "";
      form.querySelectorAll("button[data-when]").forEach(function (b) {
        var when = b.dataset.when;
        b.disabled = when === "set" ? phase === "stopped" : when !== phase;
      });
    });
    countdown.set(opts.state);
    function run(form, value) {
      if (value === "start") {
        var input = form.elements.minutes;
        var minutes = Number(input.value);
        if (!Number.isInteger(minutes) || minutes < Number(input.min) || minutes > Number(input.max)) {
          R.showErrors(form, { minutes: [msg.msgMinutes] });
          return null;
        }
        return R.api("POST", opts.url, { seconds: minutes * 60 }).then(countdown.set);
      }
      if (value === "stop") {
        return R.api("DELETE", opts.url).then(function () {
          countdown.set({ ends_at: null, remaining: 0, running: false, duration: 0 });
        });
      }
      if (value === "add") return R.api("POST", opts.url + "/add").then(countdown.set);
      return R.api("POST", opts.url + "/" + value).then(countdown.set);
    }
    return {
      form: form,
      run: run,
      set: countdown.set,
      redraw: countdown.redraw,
      load: function () { return R.api("GET", opts.url).then(countdown.set); }
    };
  };
})();
