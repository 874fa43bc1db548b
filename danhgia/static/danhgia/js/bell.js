// The bell's unread count (danhgia.notices): asked for after the page has loaded and every two
// minutes, so that no page waits for it. Without script the bell is a plain link to the list.
(function () {
  "use strict";
  var REFRESH_MS = 120000;

  function refresh(bell) {
    var request = new XMLHttpRequest();
    request.open("GET", bell.getAttribute("data-bell"));
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.onload = function () {
      if (request.status === 200) {
        bell.innerHTML = request.responseText;
      }
    };
    request.send();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var bell = document.querySelector("a.bell[data-bell]");
    if (!bell) {
      return;
    }
    refresh(bell);
    window.setInterval(function () {
      if (!document.hidden) {
        refresh(bell);
      }
    }, REFRESH_MS);
  });
})();
