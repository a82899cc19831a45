// 首页 charts and the sortable 红黑榜. Data comes from a data-charts attribute: the CSP allows no inline script,
// and tooltips render inside the canvas (renderMode 'richText') because the CSP also refuses inline styles.
(function () {
  'use strict';

  var source = document.getElementById('dashboard-data');
  var data = source ? JSON.parse(source.getAttribute('data-charts') || '{}') : null;
  var charts = [];

  var statusColours = {
    NotStarted: '#adb5bd', InProgress: '#0d6efd', SubmittedForClosure: '#0dcaf0', Closed: '#198754', Ongoing: '#6f42c1'
  };
  var tooltip = { trigger: 'item', renderMode: 'richText' };
  var font = 'system-ui, "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif';

  function chart(id, option) {
    var element = document.getElementById(id);
    if (!element || !window.echarts) {
      return;
    }
    var instance = window.echarts.init(element, null, { renderer: 'canvas' });
    option.textStyle = { fontFamily: font };
    // No animation: the chart is complete at once, so the picture paper gets is never of a half-drawn chart.
    option.animation = false;
    // Paper gets a picture of the chart (site.css shows it only in print, scaled to its card): a browser prints a
    // canvas at the size it was drawn for the screen, and redrawing when printing starts comes too late.
    var picture = document.createElement('img');
    picture.className = 'chart-print';
    picture.alt = element.getAttribute('aria-label') || '';
    element.parentNode.insertBefore(picture, element.nextSibling);
    function takePicture() {
      picture.src = instance.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
      picture.width = instance.getWidth(); // its size on screen, shrunk to the card if wider: not blown up
      element.classList.add('has-picture'); // print shows the picture instead of the canvas only once there is one
    }
    instance.on('finished', takePicture);
    instance.setOption(option);
    charts.push({ chart: instance, takePicture: takePicture });
  }

  if (data) {
    chart('chart-status', {
      tooltip: tooltip,
      legend: { bottom: 0, type: 'scroll' },
      series: [{
        type: 'pie',
        radius: ['35%', '65%'],
        center: ['50%', '45%'],
        label: { formatter: '{c}' },
        data: data.status.filter(function (s) { return s.value > 0; }).map(function (s) {
          return { name: s.name, value: s.value, itemStyle: { color: statusColours[s.key] } };
        })
      }]
    });

    var names = data.indicators.map(function (i) { return i.name; }).reverse();
    chart('chart-indicators', {
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: names, axisLabel: { width: 140, overflow: 'truncate' } },
      series: [
        { name: '销号比例', type: 'bar', data: data.indicators.map(function (i) { return i.closed; }).reverse(), itemStyle: { color: '#198754' } },
        { name: '平均完成进度', type: 'bar', data: data.indicators.map(function (i) { return i.mean; }).reverse(), itemStyle: { color: '#0d6efd' } }
      ]
    });

    chart('chart-trend', {
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: data.trend.map(function (w) { return w.week; }) },
      yAxis: [{ type: 'value', name: '销号', minInterval: 1 }, { type: 'value', name: '进展', minInterval: 1 }],
      series: [
        { name: '销号数', type: 'bar', data: data.trend.map(function (w) { return w.closures; }), itemStyle: { color: '#198754' } },
        { name: '进展条数', type: 'line', yAxisIndex: 1, data: data.trend.map(function (w) { return w.entries; }), itemStyle: { color: '#0d6efd' } }
      ]
    });
  }

  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.chart.resize(); });
  });
  // Printing right after the page opened: take the pictures now rather than trust the last 'finished'.
  window.addEventListener('beforeprint', function () {
    charts.forEach(function (c) { c.takePicture(); });
  });

  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.addEventListener('click', function () { window.print(); });
  });

  // Sorting: click a header; again to reverse. The viewer's own row (data-pinned) stays on top.
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var headers = table.querySelectorAll('th[data-sort]');
    headers.forEach(function (header, column) {
      header.classList.add('sortable-header');
      header.setAttribute('tabindex', '0');
      header.setAttribute('aria-sort', 'none');
      function sort() {
        var descending = header.getAttribute('aria-sort') !== 'descending';
        headers.forEach(function (h) { h.setAttribute('aria-sort', 'none'); });
        header.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var numeric = header.getAttribute('data-sort') === 'number';
        rows.sort(function (a, b) {
          var pinned = (b.hasAttribute('data-pinned') ? 1 : 0) - (a.hasAttribute('data-pinned') ? 1 : 0);
          if (pinned !== 0) {
            return pinned;
          }
          var x = a.cells[column], y = b.cells[column];
          var order = numeric
            ? Number(x.getAttribute('data-value')) - Number(y.getAttribute('data-value'))
            : x.textContent.trim().localeCompare(y.textContent.trim(), 'zh-CN');
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      header.addEventListener('click', sort);
      header.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          sort();
        }
      });
    });
  });
})();
