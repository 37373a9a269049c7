/*
 * Ballot pages: a live running total over a form that works without JavaScript.
 * - Ticking a project updates the total at once and announces it (an aria-live region).
 * - Projects that no longer fit the money left (or the maximum number of projects) say so
 *   beside their checkbox; going over the amount is told in words, and the server refuses
 *   such a ballot anyway.
 * - The per-project "Add"/"Remove" buttons, which post the draft without JavaScript, hide.
 * Strings come translated from the page's data attributes; numbers use the page's language.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-ballot]");
  if (!form) {
    return;
  }
  var language = document.documentElement.lang || "en";
  var numbers = new Intl.NumberFormat(language === "fa" ? "fa-IR" : "en-US", {
    maximumFractionDigits: 2,
  });
  var rule = form.dataset.rule;
  var amount = Number(form.dataset.amount);
  var maxChoices = Number(form.dataset.max || 0);
  var totalLine = form.querySelector("[data-ballot-total]");
  var status = form.querySelector("[data-ballot-status]");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=project]"));

  function money(value) {
    return form.dataset.money.replace("{amount}", numbers.format(value));
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? values[name] : match;
    });
  }

  Array.prototype.forEach.call(form.querySelectorAll("[data-draft-button]"), function (button) {
    button.hidden = true;
  });

  function update(announce) {
    var total = 0;
    var count = 0;
    boxes.forEach(function (box) {
      if (box.checked) {
        total += Number(box.dataset.cost);
        count += 1;
      }
    });
    var values = { total: money(total), count: numbers.format(count) };
    var line = fill(form.dataset.totalText, values);
    var problem = "";
    if (rule === "knapsack" && total > amount) {
      problem = fill(form.dataset.overText, values);
    } else if (rule === "approval" && maxChoices && count > maxChoices) {
      problem = fill(form.dataset.tooManyText, values);
    }
    totalLine.textContent = line;
    totalLine.classList.toggle("ballot__total--over", Boolean(problem));
    boxes.forEach(function (box) {
      var hint = document.getElementById(box.id + "-fit");
      var item = box.closest(".ballot__project");
      var blocked = "";
      if (!box.checked) {
        if (rule === "knapsack" && total + Number(box.dataset.cost) > amount) {
          blocked = form.dataset.fitsText;
        } else if (rule === "approval" && maxChoices && count >= maxChoices) {
          blocked = form.dataset.fullText;
        }
      }
      if (hint) {
        hint.textContent = blocked;
        hint.hidden = !blocked;
      }
      if (item) {
        item.classList.toggle("ballot__project--chosen", box.checked);
        item.classList.toggle("ballot__project--blocked", Boolean(blocked));
      }
    });
    if (announce && status) {
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = problem || line;
      }, 50);
    }
    var error = form.querySelector("[data-ballot-error]");
    if (announce && error) {
      error.remove();
    }
    var problemBox = form.querySelector("[data-ballot-problem]");
    if (problem) {
      if (!problemBox) {
        problemBox = document.createElement("p");
        problemBox.className = "notice notice--warning";
        problemBox.id = "ballot-problem";
        problemBox.setAttribute("data-ballot-problem", "");
        totalLine.insertAdjacentElement("afterend", problemBox);
      }
      problemBox.textContent = problem;
    } else if (problemBox) {
      problemBox.remove();
    }
    var fieldset = form.querySelector("fieldset");
    fieldset.setAttribute("aria-describedby", problem ? "ballot-total ballot-problem" : "ballot-total");
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "project") {
      update(true);
    }
  });
  update(false);
})();
