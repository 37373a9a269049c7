/*
 * Proposal pages: small enhancements over pages that work without JavaScript.
 * - Supporting sends the form with fetch and swaps in the re-rendered support box.
 * - While a title is typed, similar proposals appear (announced politely).
 * - Maps (Leaflet, when it loaded) show located proposals and pick a proposal's location;
 *   the table and the number fields stay, so nothing depends on the map or its tiles.
 */
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  /* --- supports ------------------------------------------------------------------ */

  function announce(text) {
    var status = document.querySelector("[data-support-status]");
    if (!status) {
      return;
    }
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("js-support-form")) {
      return;
    }
    var widget = form.closest("[data-support-widget]");
    if (!widget || !window.fetch) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button");
    if (button) {
      button.disabled = true;
    }
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "X-CSRFToken": csrfToken(form) },
    })
      .then(function (response) {
        return response.text().then(function (html) {
          return { ok: response.status < 500, html: html };
        });
      })
      .then(function (result) {
        if (!result.ok) {
          form.submit();
          return;
        }
        var holder = document.createElement("div");
        holder.innerHTML = result.html.trim();
        var fresh = holder.querySelector("[data-support-widget]");
        if (!fresh) {
          form.submit();
          return;
        }
        widget.replaceWith(fresh);
        var message = fresh.querySelector("[data-support-message]");
        if (message) {
          announce(message.textContent);
        }
        var next = fresh.querySelector("button, a.button");
        if (next) {
          next.focus();
        }
      })
      .catch(function () {
        form.submit();
      });
  });

  /* --- similar proposals while typing a title ------------------------------------ */

  function setupSimilar(container) {
    var url = container.getAttribute("data-similar-url");
    var form = container.closest("form");
    var input = form ? form.querySelector("input[name=title]") : null;
    var results = container.querySelector("#similar-proposals");
    if (!url || !input || !results || !window.fetch) {
      return;
    }
    var timer = null;
    var last = input.value.trim();
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var title = input.value.trim();
        if (title === last) {
          return;
        }
        last = title;
        if (title.length < 3) {
          results.innerHTML = "";
          return;
        }
        fetch(url + "?title=" + encodeURIComponent(title), {
          credentials: "same-origin",
          headers: { "X-Requested-With": "fetch" },
        })
          .then(function (response) {
            return response.ok ? response.text() : "";
          })
          .then(function (html) {
            if (title === last) {
              results.innerHTML = html;
            }
          })
          .catch(function () {});
      }, 400);
    });
  }

  document.querySelectorAll("[data-similar-url]").forEach(setupSimilar);

  /* --- maps --------------------------------------------------------------------- */

  function baseMap(element) {
    if (!window.L) {
      return null;
    }
    element.hidden = false;
    var map = window.L.map(element, { scrollWheelZoom: false });
    var tiles = element.getAttribute("data-tile-url");
    if (tiles) {
      window.L.tileLayer(tiles, {
        maxZoom: 19,
        subdomains: "abc",
        attribution: element.getAttribute("data-attribution") || "",
      }).addTo(map);
    }
    return map;
  }

  function setupProposalMap(element) {
    var section = element.closest("section");
    var rows = section ? section.querySelectorAll("tr[data-lat][data-lon]") : [];
    if (!rows.length) {
      return;
    }
    var map = baseMap(element);
    if (!map) {
      return;
    }
    var points = [];
    rows.forEach(function (row) {
      var lat = parseFloat(row.getAttribute("data-lat"));
      var lon = parseFloat(row.getAttribute("data-lon"));
      var link = row.querySelector("a");
      if (isNaN(lat) || isNaN(lon) || !link) {
        return;
      }
      var anchor = document.createElement("a");
      anchor.href = link.href;
      anchor.textContent = link.textContent;
      window.L.marker([lat, lon], { title: link.textContent, alt: link.textContent })
        .addTo(map)
        .bindPopup(anchor);
      points.push([lat, lon]);
    });
    if (points.length === 1) {
      map.setView(points[0], 15);
    } else {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 16 });
    }
  }

  function setupLocationPicker(picker) {
    var form = picker.closest("form");
    var lat = form ? form.querySelector("input[name=latitude]") : null;
    var lon = form ? form.querySelector("input[name=longitude]") : null;
    var element = picker.querySelector("[data-map]");
    if (!lat || !lon || !element || !window.L) {
      return;
    }
    picker.hidden = false;
    var map = baseMap(element);
    if (!map) {
      picker.hidden = true;
      return;
    }
    var marker = null;

    function place(latitude, longitude, pan) {
      if (marker) {
        marker.setLatLng([latitude, longitude]);
      } else {
        marker = window.L.marker([latitude, longitude], { keyboard: false }).addTo(map);
      }
      if (pan) {
        map.setView([latitude, longitude], Math.max(map.getZoom() || 0, 15));
      }
    }

    var startLat = parseFloat(lat.value);
    var startLon = parseFloat(lon.value);
    if (!isNaN(startLat) && !isNaN(startLon)) {
      map.setView([startLat, startLon], 15);
      place(startLat, startLon, false);
    } else {
      map.setView([20, 0], 2);
    }

    map.on("click", function (event) {
      lat.value = event.latlng.lat.toFixed(6);
      lon.value = event.latlng.lng.toFixed(6);
      place(event.latlng.lat, event.latlng.lng, false);
    });

    function typed() {
      var a = parseFloat(lat.value);
      var b = parseFloat(lon.value);
      if (!isNaN(a) && !isNaN(b) && a >= -90 && a <= 90 && b >= -180 && b <= 180) {
        place(a, b, true);
      }
    }
    lat.addEventListener("change", typed);
    lon.addEventListener("change", typed);

    var clear = picker.querySelector("[data-clear-location]");
    if (clear) {
      clear.addEventListener("click", function () {
        lat.value = "";
        lon.value = "";
        if (marker) {
          map.removeLayer(marker);
          marker = null;
        }
      });
    }
  }

  window.addEventListener("load", function () {
    document.querySelectorAll("[data-proposal-map]").forEach(setupProposalMap);
    document.querySelectorAll("[data-location-picker]").forEach(setupLocationPicker);
  });
})();
