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
    var map = window.L.map(element, { scrollWheelZoom: false, maxZoom: 19 });
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

  /*
   * The list's map. Each marker is a 32 px button; proposals whose markers would touch at
   * the current zoom share one numbered group marker instead, so no two targets overlap
   * (WCAG 2.5.8). Activating a group zooms in until its proposals separate, or, when they
   * cannot (same place, or the deepest zoom), lists them in a popup. The words come from
   * the page (translated there), and so do the digits.
   */
  var MARKER_SIZE = 32;
  // Centres at least this far apart keep two 32 px squares apart (more than the diagonal).
  var GROUP_DISTANCE = 48;
  // Markers stay clear of the zoom buttons (top left) and the attribution (bottom right).
  var FIT_PADDING = { paddingTopLeft: [64, 24], paddingBottomRight: [24, 48], maxZoom: 16 };

  function localDigits(text, digits) {
    if (!digits || digits.length !== 10) {
      return String(text);
    }
    return String(text).replace(/[0-9]/g, function (d) {
      return digits.charAt(Number(d));
    });
  }

  function groupPoints(map, points) {
    var zoom = map.getZoom();
    var groups = [];
    points.forEach(function (point) {
      var pixel = map.project(point.latlng, zoom);
      for (var i = 0; i < groups.length; i += 1) {
        if (groups[i].pixel.distanceTo(pixel) < GROUP_DISTANCE) {
          groups[i].points.push(point);
          return;
        }
      }
      groups.push({ pixel: pixel, points: [point] });
    });
    return groups;
  }

  function setupProposalMap(element) {
    var section = element.closest("section");
    var rows = section ? section.querySelectorAll("tr[data-lat][data-lon]") : [];
    if (!rows.length || !window.L) {
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
      points.push({ latlng: window.L.latLng(lat, lon), title: link.textContent, href: link.href });
    });
    if (!points.length) {
      return;
    }
    var map = baseMap(element);
    if (!map) {
      return;
    }
    var words = {
      group: element.getAttribute("data-group-label") || "{count}",
      list: element.getAttribute("data-list-heading") || "",
      digits: element.getAttribute("data-digits") || "",
    };
    var layer = window.L.layerGroup().addTo(map);
    var focusAfterDraw = null;

    function openList(group) {
      var box = document.createElement("div");
      if (words.list) {
        var heading = document.createElement("p");
        heading.className = "proposal-map__list-heading";
        heading.textContent = words.list;
        box.appendChild(heading);
      }
      var list = document.createElement("ul");
      list.className = "proposal-map__list";
      group.points.forEach(function (point) {
        var item = document.createElement("li");
        var anchor = document.createElement("a");
        anchor.href = point.href;
        anchor.textContent = point.title;
        item.appendChild(anchor);
        list.appendChild(item);
      });
      box.appendChild(list);
      return box;
    }

    function showPopup(group, content, byKeyboard) {
      var popup = window.L.popup({ offset: [0, -MARKER_SIZE / 2] })
        .setLatLng(group.points[0].latlng)
        .setContent(content)
        .openOn(map);
      if (byKeyboard) {
        var first = popup.getElement() && popup.getElement().querySelector(".leaflet-popup-content a");
        if (first) {
          first.focus();
        }
      }
    }

    function activate(group, byKeyboard) {
      if (group.points.length === 1) {
        var anchor = document.createElement("a");
        anchor.href = group.points[0].href;
        anchor.textContent = group.points[0].title;
        showPopup(group, anchor, byKeyboard);
        return;
      }
      var bounds = window.L.latLngBounds(
        group.points.map(function (point) {
          return point.latlng;
        })
      );
      var target = Math.min(map.getBoundsZoom(bounds, false, [64, 64]), map.getMaxZoom());
      if (target > map.getZoom()) {
        focusAfterDraw = byKeyboard ? group.points[0] : null;
        map.fitBounds(bounds, { padding: [64, 64], maxZoom: map.getMaxZoom() });
      } else {
        showPopup(group, openList(group), byKeyboard);
      }
    }

    function draw() {
      layer.clearLayers();
      groupPoints(map, points).forEach(function (group) {
        var count = group.points.length;
        var single = count === 1;
        var label = single
          ? group.points[0].title
          : words.group.replace("{count}", localDigits(count, words.digits));
        var marker = window.L.marker(map.unproject(group.pixel, map.getZoom()), {
          icon: window.L.divIcon({
            className: single ? "map-marker" : "map-marker map-marker--group",
            html: single ? "" : '<span aria-hidden="true">' + localDigits(count, words.digits) + "</span>",
            iconSize: [MARKER_SIZE, MARKER_SIZE],
          }),
          keyboard: true,
          title: label,
        });
        marker.on("click", function () {
          activate(group, false);
        });
        marker.on("add", function () {
          var icon = marker.getElement();
          icon.setAttribute("aria-label", label);
          icon.addEventListener("keydown", function (event) {
            if (event.key === "Enter" || event.key === " ") {
              event.preventDefault();
              event.stopPropagation();
              activate(group, true);
            }
          });
        });
        layer.addLayer(marker);
        if (focusAfterDraw && group.points.indexOf(focusAfterDraw) !== -1) {
          marker.getElement().focus({ preventScroll: true });
        }
      });
      focusAfterDraw = null;
    }

    map.on("zoomend", draw);
    var bounds = window.L.latLngBounds(
      points.map(function (point) {
        return point.latlng;
      })
    );
    if (points.length === 1 || bounds.getNorthEast().equals(bounds.getSouthWest())) {
      map.setView(points[0].latlng, 15);
    } else {
      map.fitBounds(bounds, FIT_PADDING);
    }
    draw();
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
