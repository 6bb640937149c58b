// The self-assessment form: rows, character counters, autosave, a copy kept in the browser,
// and a warning before leaving with unsaved changes. No framework; htmx does the autosave request.
(function () {
  "use strict";
  var form = document.getElementById("assessment-form");
  if (!form) { return; }
  var storeKey = "cchc-assessment-" + form.dataset.assessment + "-u" + form.dataset.user;
  var autosaver = document.getElementById("autosaver");
  var dirty = false;        // changed since the last save reached the server
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
    wireCounters(row);
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
    if (remove && window.confirm(remove.dataset.confirm || "Xóa dòng này?")) {
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

  // ---- character counters -----------------------------------------------------------------
  function wireCounters(root) {
    root.querySelectorAll("textarea[data-counter]").forEach(function (area) {
      if (area.dataset.counterWired) { return; }
      area.dataset.counterWired = "1";
      var limit = parseInt(area.dataset.counter, 10);
      var note = document.createElement("div");
      note.className = "form-text text-end char-counter";
      area.insertAdjacentElement("afterend", note);
      function update() {
        var n = area.value.length;
        note.textContent = n.toLocaleString("vi-VN") + "/" + limit.toLocaleString("vi-VN") + " ký tự";
        note.classList.toggle("text-danger", n > limit * 0.95);
      }
      area.addEventListener("input", update);
      update();
    });
  }
  wireCounters(form);

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
        document.getElementById("restore-text").textContent =
          "Trên máy này còn một bản bạn đang nhập dở lúc " + when.toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit" }) +
        " ngày " + when.toLocaleDateString("vi-VN") + " nhưng chưa được lưu lên hệ thống.";
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
    if (event.target.matches("input, textarea, select")) { autosave(); }
  });
  setInterval(autosave, 30000);

  var inFlight = null;        // the state being autosaved, while a request is out
  var pendingSubmitter = null; // "Lưu nháp"/"Nộp" pressed while an autosave was out
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.elt === autosaver) { inFlight = JSON.stringify(snapshot()); }
  });
  function autosaveFinished(event) {
    if (event.detail.elt !== autosaver || inFlight === null) { return; }
    inFlight = null;
    if (pendingSubmitter) {
      // Submit only now, with the version the autosave just received (swapped in by htmx).
      var submitter = pendingSubmitter;
      pendingSubmitter = null;
      setTimeout(function () { form.requestSubmit(submitter); }, 0);
    }
  }
  ["htmx:afterRequest", "htmx:sendError", "htmx:responseError", "htmx:timeout"].forEach(function (name) {
    document.body.addEventListener(name, autosaveFinished);
  });
  document.body.addEventListener("htmx:afterSwap", function () {
    var status = document.getElementById("autosave-status");
    if (status && status.dataset.ok === "1") {
      // Saved: the copy is no longer needed unless something changed while the request was out.
      if (inFlight !== null && inFlight === JSON.stringify(snapshot())) {
        dirty = false;
        localStorage.removeItem(storeKey);
      }
    }
  });
  document.body.addEventListener("htmx:sendError", function () {
    var status = document.getElementById("autosave-status");
    if (status) {
      status.textContent = "Mất kết nối: chưa lưu được lên hệ thống, bản nhập vẫn được giữ trên máy này.";
      status.className = "small text-danger";
    }
  });

  // ---- leaving and submitting ------------------------------------------------------------------
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  var confirmed = false;
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitting) { event.preventDefault(); return; }   // a double click sends one request
    if (submitter && submitter.dataset.confirm && !confirmed) {
      if (!window.confirm(submitter.dataset.confirm)) { event.preventDefault(); return; }
      confirmed = true;
    }
    if (inFlight !== null) {
      // An autosave is out (leaving the last field started it): wait for its new version.
      event.preventDefault();
      pendingSubmitter = submitter;
      return;
    }
    submitting = true;
    keepCopy();
    // Disable after the browser has collected the form data (which includes the clicked button).
    setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
  });
})();
