// 本县现值 trends on the indicator page: one line per 对标指标项, drawn when its row is opened (ECharts needs a visible box),
// with the province's best as a dashed line. Everything comes from the element's data attributes; nothing from elsewhere.
(function () {
    'use strict';

    function draw(el) {
        if (el.dataset.drawn === 'true' || typeof echarts === 'undefined') {
            return;
        }
        el.dataset.drawn = 'true';
        var yesNo = el.dataset.yesNo === 'true';
        var unit = el.dataset.unit || '';
        var best = Number(el.dataset.best);
        var periods = el.dataset.periods ? el.dataset.periods.split(',') : [];
        var values = el.dataset.values ? el.dataset.values.split(',').map(Number) : [];
        var label = function (v) { return yesNo ? (v >= 1 ? '是' : '否') : v + unit; };
        // The axis always takes in the province's best, so that its dashed line shows however far the county is from it.
        var lo = Math.min.apply(null, values.concat([best]));
        var hi = Math.max.apply(null, values.concat([best]));
        var pad = (hi - lo) * 0.15 || Math.abs(hi) * 0.1 || 1;
        var k = hi - lo >= 2 ? 1 : 100; // whole numbers on a wide axis, hundredths on a narrow one
        var round = function (v) { return Math.round(v * 100) / 100; };
        var floor = function (v) { return Math.floor(v * k) / k; };
        var ceil = function (v) { return Math.ceil(v * k) / k; };
        var chart = echarts.init(el, null, { renderer: 'canvas' });
        chart.setOption({
            animation: false,
            grid: { left: 56, right: 24, top: 28, bottom: 28 },
            tooltip: { trigger: 'axis', valueFormatter: label },
            xAxis: { type: 'category', data: periods },
            yAxis: yesNo
                ? { type: 'value', min: -0.2, max: 1.2, interval: 1, axisLabel: { formatter: function (v) { return v === 0 || v === 1 ? label(v) : ''; } } }
                : { type: 'value', min: floor(lo >= 0 ? Math.max(0, lo - pad) : lo - pad), max: ceil(hi + pad), axisLabel: { formatter: function (v) { return round(v) + unit; } } },
            series: [{
                name: el.dataset.name,
                type: 'line',
                data: values,
                clip: false,
                symbolSize: 7,
                label: { show: values.length <= 12, formatter: function (p) { return label(p.value); } },
                markLine: {
                    symbol: 'none',
                    lineStyle: { type: 'dashed', color: '#198754' },
                    label: { formatter: '全省最佳 ' + label(best), position: 'insideEndTop' },
                    data: [{ yAxis: best }]
                }
            }]
        });
        window.addEventListener('resize', function () { chart.resize(); });
    }

    // Each metric's detail row is a Bootstrap collapse: draw its chart once it is shown (and so has a width).
    document.querySelectorAll('.metric-detail').forEach(function (row) {
        row.addEventListener('shown.bs.collapse', function () {
            row.querySelectorAll('.metric-chart').forEach(draw);
        });
    });
})();
