// The self-assessment form: rows, character counters and limits, autosave and its indicator, a copy kept in
// the browser, the links of the "still missing" alert, and a warning before leaving with unsaved changes.
// No framework; htmx does the autosave request. The words come from Django's JavaScript catalogue (/jsi18n/,
// loaded by base.html before this script) in the language of the page; numbers follow that language too.
(function () {
  "use strict";
  var form = document.getElementById("assessment-form");
  if (!form) { return; }
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, n) { return n === 1 ? one : many; };
  var interpolate = window.interpolate || function (text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_all, name) { return String(values[name]); });
  };
  var lang = document.documentElement.lang || "vi";
  var numbers = new Intl.NumberFormat(lang);

  var storeKey = "cchc-assessment-" + form.dataset.assessment + "-u" + form.dataset.user;
  var autosaver = document.getElementById("autosaver");
  var dirty = false;        // changed since the last save reached the server
  var unsavedPage = form.dataset.unsaved === "1";  // the server refused this page's save: it holds unsaved text
  var submitting = false;

  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    // Fallback for pages served over plain http on a LAN address (no secure context).
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0;
      return (c === "x" ? r : (r & 0x3 | 0x8)).toString(16);
    });
  }

  // ---- rows -----------------------------------------------------------------------------
  function addRow(kind, key) {
    var template = document.getElementById(kind + "-template");
    var holder = document.getElementById(kind + "-rows");
    key = key || newKey();
    var html = template.innerHTML.split("__KEY__").join(key);
    var wrapper = document.createElement("div");
    wrapper.innerHTML = html.trim();
    var row = wrapper.firstElementChild;
    holder.appendChild(row);
    wireLimits(row);
    return row;
  }

  form.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add-row]");
    if (add) {
      var row = addRow(add.dataset.addRow);
      var first = row.querySelector("textarea, input[type=text]");
      if (first) { first.focus(); }
      changed();
      return;
    }
    var remove = event.target.closest("[data-remove-row]");
    if (remove && window.confirm(remove.dataset.confirm || gettext("Xóa dòng này?"))) {
      removeRow(remove.closest(".row-item"));
      changed();
    }
  });

  // The server deletes only the rows named as removed: a row another tab added, which this page
  // never showed, is kept whatever this page sends.
  function removeRow(row) {
    var marker = document.createElement("input");
    marker.type = "hidden";
    marker.name = (row.dataset.row === "evidence" ? "ev" : "rec") + "_removed";
    marker.value = row.dataset.key;
    form.appendChild(marker);
    row.remove();
  }

  // ---- marks put by the server (an invalid field, a missing part) -----------------------------------
  // A field's own message goes once the user changes that field; the live checks below take over.
  function clearServerMark(field) {
    var fields = field.type === "radio" ? form.querySelectorAll("input[name='" + field.name + "']") : [field];
    Array.prototype.forEach.call(fields, function (el) {
      el.classList.remove("is-invalid");
      el.removeAttribute("aria-invalid");
    });
    var base = "id_" + field.name;
    var error = document.getElementById(base + "_error");
    if (error) { error.remove(); }
  }

  // ---- character counters and limits ----------------------------------------------------------
  // No field carries maxlength (a browser would cut a long paste without a word): the limit is data, the
  // overage shows at once, and the server refuses the save with the same message, keeping the whole text.
  function length(text) {  // characters as stored: spaces at either end dropped, Unicode NFC
    text = text.trim();
    return Array.from(text.normalize ? text.normalize("NFC") : text).length;
  }

  function overMessage(over, limit) {
    return interpolate(ngettext(
      "Vượt quá %(over)s ký tự (tối đa %(limit)s ký tự). Hãy rút gọn rồi lưu lại; nội dung bạn nhập vẫn được giữ nguyên.",
      "Vượt quá %(over)s ký tự (tối đa %(limit)s ký tự). Hãy rút gọn rồi lưu lại; nội dung bạn nhập vẫn được giữ nguyên.",
      over), { over: numbers.format(over), limit: numbers.format(limit) }, true);
  }

  function wireLimits(root) {
    root.querySelectorAll("[data-counter], [data-limit]").forEach(function (field) {
      if (field.dataset.limitWired) { return; }
      field.dataset.limitWired = "1";
      var limit = parseInt(field.dataset.counter || field.dataset.limit, 10);
      var anchor = field;
      var counter = null;
      if (field.dataset.counter) {
        counter = document.createElement("div");
        counter.className = "form-text text-end char-counter";
        field.insertAdjacentElement("afterend", counter);
        anchor = counter;
      }
      var feedback = document.createElement("div");
      feedback.className = "invalid-feedback limit-feedback d-none";
      feedback.id = field.id + "_limit";
      feedback.setAttribute("aria-live", "polite");
      anchor.insertAdjacentElement("afterend", feedback);
      field.setAttribute("aria-describedby", ((field.getAttribute("aria-describedby") || "") + " " + feedback.id).trim());
      // A message the server put beside the field stays until the field is changed (no second copy of it).
      var serverMarked = field.classList.contains("is-invalid");

      function update() {
        var n = length(field.value);
        var over = n - limit;
        if (counter) {
          counter.textContent = interpolate(gettext("%(count)s/%(limit)s ký tự"),
            { count: numbers.format(n), limit: numbers.format(limit) }, true);
          counter.classList.toggle("text-danger", n > limit * 0.95);
        }
        if (serverMarked) { return; }
        feedback.textContent = over > 0 ? overMessage(over, limit) : "";
        feedback.classList.toggle("d-none", over <= 0);
        feedback.classList.toggle("d-block", over > 0);
        field.classList.toggle("is-invalid", over > 0);
        if (over > 0) { field.setAttribute("aria-invalid", "true"); } else { field.removeAttribute("aria-invalid"); }
      }
      field.addEventListener("input", function () {
        if (serverMarked) {
          clearServerMark(field);
          serverMarked = false;
        }
        update();
      });
      update();
    });
  }
  wireLimits(form);

  // Other fields the server marked (Mức độ hoàn thành after a refused "Nộp"): unmarked once changed.
  form.addEventListener("change", function (event) {
    var field = event.target;
    if (field.name && !field.dataset.limitWired && field.classList.contains("is-invalid") &&
      !field.closest("[data-testid=figures]")) {  // a figure's stored value stays in sight until saved
        clearServerMark(field);
      }
  });

  // ---- the "still missing" alert after a refused "Nộp": each item moves the focus to its field ------
  var summary = document.getElementById("missing-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("[data-focus-field]");
      var field = link && document.getElementById(link.dataset.focusField);
      if (!field) { return; }
      event.preventDefault();
      field.scrollIntoView({ block: "center" });
      field.focus({ preventScroll: true });
    });
  }

  // ---- a copy in the browser ------------------------------------------------------------------
  function snapshot() {
    var fields = {};
    form.querySelectorAll("input, textarea, select").forEach(function (el) {
      if (!el.name || el.type === "file" || el.name === "csrfmiddlewaretoken" || el.name === "expected_version") { return; }
      if (el.type === "radio") { if (el.checked) { fields[el.name] = el.value; } return; }
      if (el.type === "checkbox") { fields[el.name] = el.checked ? "on" : ""; return; }
      if (el.type === "hidden") { return; }
      fields[el.name] = el.value;
    });
    var keys = function (name) {
      return Array.prototype.map.call(form.querySelectorAll("input[name=" + name + "]"), function (el) { return el.value; });
    };
    return { fields: fields, ev: keys("ev_key"), rec: keys("rec_key") };
  }

  function currentVersion() {
    var input = document.getElementById("id_expected_version");
    return input ? parseInt(input.value, 10) : 0;
  }

  function sameState(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function keepCopy() {
    try {
      var state = snapshot();
      state.savedAt = Date.now();
      state.baseVersion = currentVersion();
      localStorage.setItem(storeKey, JSON.stringify(state));
    } catch (e) { /* storage full or disabled: autosave still runs */ }
  }

  function restore(state) {
    ["ev", "rec"].forEach(function (kind) {
      var rowKind = kind === "ev" ? "evidence" : "recommendation";
      var present = Array.prototype.map.call(
        form.querySelectorAll("[data-row=" + rowKind + "]"), function (el) { return el.dataset.key; });
      state[kind].forEach(function (key) { if (present.indexOf(key) < 0) { addRow(rowKind, key); } });
      form.querySelectorAll("[data-row=" + rowKind + "]").forEach(function (el) {
        if (state[kind].indexOf(el.dataset.key) < 0) { removeRow(el); }
      });
    });
    Object.keys(state.fields).forEach(function (name) {
      form.querySelectorAll("[name='" + name + "']").forEach(function (el) {
        if (el.type === "radio") { el.checked = el.value === state.fields[name]; }
        else if (el.type === "checkbox") { el.checked = state.fields[name] === "on"; }
        else { el.value = state.fields[name]; el.dispatchEvent(new Event("input")); }
      });
    });
  }

  var serverState = snapshot();
  var banner = document.getElementById("restore-banner");
  if (unsavedPage) {
    keepCopy();  // the page shows what the server refused: keep it here until a save succeeds
  } else {
    try {
      var stored = JSON.parse(localStorage.getItem(storeKey) || "null");
      if (stored && stored.fields) {
        var storedState = { fields: stored.fields, ev: stored.ev, rec: stored.rec };
        // A copy taken before the server's latest save was saved by that save; only a copy made on
        // top of the current version holds work the server has not seen.
        if (stored.baseVersion < currentVersion() || sameState(storedState, serverState)) {
          localStorage.removeItem(storeKey);
        } else {
          var when = new Date(stored.savedAt);
          document.getElementById("restore-text").textContent = interpolate(
            gettext("Trên máy này còn một bản bạn đang nhập dở lúc %(time)s ngày %(date)s nhưng chưa được lưu lên hệ thống."),
            {
              time: when.toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" }),
              date: when.toLocaleDateString(lang, { day: "2-digit", month: "2-digit", year: "numeric" })
            }, true);
          banner.classList.remove("d-none");
          document.getElementById("restore-yes").addEventListener("click", function () {
            restore(storedState);
            banner.classList.add("d-none");
            changed();
          });
          document.getElementById("restore-no").addEventListener("click", function () {
            localStorage.removeItem(storeKey);
            banner.classList.add("d-none");
          });
        }
      }
    } catch (e) { /* a broken copy is ignored */ }
  }

  // ---- the save indicator -----------------------------------------------------------------------
  // saved (green): the server confirmed the last save, in its own words and time; saving: a request is out;
  // failed (red): the request failed or the browser is offline, until a later save succeeds; refused (red):
  // the server answered but did not save (its words: an over-long field, a version saved elsewhere).
  var STATE_CLASS = { saved: "text-success", saving: "text-muted", failed: "text-danger", refused: "text-danger", idle: "text-muted" };

  function statusElement() { return document.getElementById("autosave-status"); }

  function setStatus(state, text) {
    var status = statusElement();
    if (!status) { return; }
    status.dataset.state = state;
    status.dataset.ok = state === "saved" ? "1" : "0";
    status.className = "small autosave-status " + STATE_CLASS[state];
    status.textContent = text;
  }

  function offlineText() { return gettext("Chưa lưu được — mất kết nối; bản nhập vẫn giữ trên máy này"); }
  function serverErrorText() { return gettext("Chưa lưu được — máy chủ báo lỗi; bản nhập vẫn giữ trên máy này"); }

  var lastAnswer = null;  // the server's last word on this page's saves (what stands once back online)
  function rememberAnswer() {
    var status = statusElement();
    if (status) { lastAnswer = { state: status.dataset.state, text: status.textContent }; }
  }
  rememberAnswer();
  if (navigator.onLine === false) { setStatus("failed", offlineText()); }

  window.addEventListener("offline", function () { setStatus("failed", offlineText()); });
  window.addEventListener("online", function () {
    if (dirty) { autosave(); }  // what was typed offline goes now; green only once the server confirms it
    else if (lastAnswer) { setStatus(lastAnswer.state, lastAnswer.text); }
  });

  // ---- autosave -------------------------------------------------------------------------------
  function changed() {
    dirty = true;
    keepCopy();
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  function autosave() {
    if (dirty && !submitting && navigator.onLine !== false) {
      htmx.trigger(autosaver, "autosave");
    }
  }
  form.addEventListener("focusout", function (event) {
    var next = event.relatedTarget;
    // Leaving a field for "Lưu nháp"/"Nộp": that request saves it. An autosave now would change the indicator
    // under the pointer (the bar's height with it) between the press and the release of the button.
    if (next && next.type === "submit" && form.contains(next)) { return; }
    if (event.target.matches("input, textarea, select")) { autosave(); }
  });
  setInterval(autosave, 30000);

  var inFlight = null;        // the state being autosaved, while a request is out
  var answered = false;       // the server's answer was the indicator (not a login page or an error page)
  var pendingSubmitter = null; // "Lưu nháp"/"Nộp" pressed while an autosave was out
  function fromAutosaver(event) {  // detail.elt is the swap target in htmx:beforeSwap; requestConfig says who asked
    var detail = event.detail || {};
    return detail.elt === autosaver || Boolean(detail.requestConfig && detail.requestConfig.elt === autosaver);
  }

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (!fromAutosaver(event)) { return; }
    inFlight = JSON.stringify(snapshot());
    answered = false;
    setStatus("saving", gettext("Đang lưu…"));
  });
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (!fromAutosaver(event)) { return; }
    // A session that ended answers with the login page: never swap that in as the indicator.
    if (event.detail.shouldSwap && event.detail.xhr.responseText.indexOf('id="autosave-status"') < 0) {
      event.detail.shouldSwap = false;
    }
    answered = event.detail.shouldSwap;
  });
  document.body.addEventListener("htmx:afterSwap", function () {
    var status = statusElement();
    rememberAnswer();
    if (status && status.dataset.state === "saved") {
      unsavedPage = false;
      // Saved: the copy is no longer needed unless something changed while the request was out.
      if (inFlight !== null && inFlight === JSON.stringify(snapshot())) {
        dirty = false;
        localStorage.removeItem(storeKey);
      }
    }
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (!fromAutosaver(event) || inFlight === null) { return; }
    inFlight = null;
    if (!answered) {
      var xhr = event.detail.xhr;
      setStatus("failed", navigator.onLine === false || !xhr || !xhr.status ? offlineText() : serverErrorText());
    }
    if (pendingSubmitter) {
      // Submit only now, with the version the autosave just received (swapped in by htmx).
      var submitter = pendingSubmitter;
      pendingSubmitter = null;
      setTimeout(function () { form.requestSubmit(submitter); }, 0);
    }
  });
  ["htmx:sendError", "htmx:timeout"].forEach(function (name) {
    document.body.addEventListener(name, function (event) {
      if (fromAutosaver(event)) { setStatus("failed", offlineText()); }
    });
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    if (fromAutosaver(event)) { setStatus("failed", serverErrorText()); }
  });

  // ---- leaving and submitting ------------------------------------------------------------------
  window.addEventListener("beforeunload", function (event) {
    if ((dirty || unsavedPage) && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  var confirmedSubmit = false;
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitting) { event.preventDefault(); return; }   // a double click sends one request
    if (navigator.onLine === false) {
      // The browser would only show its own "no connection" page: stay, keep the copy, say so.
      event.preventDefault();
      keepCopy();
      setStatus("failed", offlineText());
      return;
    }
    if (submitter && submitter.dataset.confirm && !confirmedSubmit) {
      if (!window.confirm(submitter.dataset.confirm)) { event.preventDefault(); return; }
      confirmedSubmit = true;
    }
    if (inFlight !== null) {
      // An autosave is out (leaving the last field started it): wait for its new version.
      event.preventDefault();
      pendingSubmitter = submitter;
      return;
    }
    submitting = true;
    keepCopy();
    setStatus("saving", gettext("Đang lưu…"));
    // Disable after the browser has collected the form data (which includes the clicked button).
    setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
  });
})();
