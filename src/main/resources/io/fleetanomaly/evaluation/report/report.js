// Threshold slider of the evaluation report: shows the alert output's confusion matrix and rates
// for the selected row of the threshold sweep. Plain JavaScript, no network.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var sweep = data.sweep;
  var slider = document.getElementById('threshold-slider');
  var DASH = '\u2014';

  function ratio(n, d) { return d === 0 ? NaN : n / d; }
  function fixed(x, decimals) { return isFinite(x) ? x.toFixed(decimals) : DASH; }
  function count(n) { return n.toLocaleString('en-US'); }
  function set(id, text) { document.getElementById(id).textContent = text; }

  function show(index) {
    var r = sweep.rows[index];
    set('threshold-value', sweep.thresholdLabels[index]);
    var marks = [];
    if (index === sweep.bestF1Index) { marks.push('best F1'); }
    if (index === sweep.costWeightedIndex) { marks.push('lowest cost'); }
    set('threshold-mark', marks.join(' \u00b7 '));
    set('cm-tp', count(r.tp));
    set('cm-fp', count(r.fp));
    set('cm-fn', count(r.fn));
    set('cm-tn', count(r.tn));
    set('m-precision', fixed(ratio(r.tp, r.tp + r.fp), 3));
    set('m-recall', fixed(ratio(r.tp, r.tp + r.fn), 3));
    set('m-f1', fixed(ratio(2 * r.tp, 2 * r.tp + r.fp + r.fn), 3));
    set('m-far', fixed(ratio(r.fp, r.fp + r.tn), 3));
    set('m-mar', fixed(ratio(r.fn, r.fn + r.tp), 3));
    set('m-cost', fixed(sweep.costs.falsePositive * r.fp + sweep.costs.falseNegative * r.fn, 2));
  }

  function select(index) {
    slider.value = String(index);
    show(index);
  }

  slider.addEventListener('input', function () { show(Number(slider.value)); });
  document.getElementById('jump-best-f1').addEventListener('click', function () { select(sweep.bestF1Index); });
  document.getElementById('jump-lowest-cost').addEventListener('click', function () { select(sweep.costWeightedIndex); });
  show(Number(slider.value));
})();
