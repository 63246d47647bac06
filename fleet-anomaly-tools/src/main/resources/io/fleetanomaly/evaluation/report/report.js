// Threshold slider of the evaluation report: shows the alert output's confusion matrix and rates
// for the selected row of the threshold sweep. Plain JavaScript, no network.
// A rate whose denominator is 0 shows as a dash, as the Java side writes it (DisplayRates); the
// metrics package itself counts such a rate as 0.
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
    var m = sweep.rows[index].matrix;
    set('threshold-value', sweep.thresholdLabels[index]);
    var marks = [];
    if (index === sweep.bestF1Index) { marks.push('best F1'); }
    if (index === sweep.costWeightedIndex) { marks.push('lowest cost'); }
    set('threshold-mark', marks.join(' \u00b7 '));
    set('cm-tp', count(m.tp));
    set('cm-fp', count(m.fp));
    set('cm-fn', count(m.fn));
    set('cm-tn', count(m.tn));
    set('m-precision', fixed(ratio(m.tp, m.tp + m.fp), 3));
    set('m-recall', fixed(ratio(m.tp, m.tp + m.fn), 3));
    set('m-f1', fixed(ratio(2 * m.tp, 2 * m.tp + m.fp + m.fn), 3));
    set('m-far', fixed(ratio(m.fp, m.fp + m.tn), 3));
    set('m-mar', fixed(ratio(m.fn, m.fn + m.tp), 3));
    // Same order of operations as ConfusionMatrix.cost(costMissed, costFalseAlarm).
    set('m-cost', fixed(sweep.costs.costMissed * m.fn + sweep.costs.costFalseAlarm * m.fp, 2));
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
