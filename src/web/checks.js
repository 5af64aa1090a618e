/*
 * The page's checks beside the form (GET /), kept apart from page.js:
 * - the guided check (POST /v1/eligibility/next): one question at a time, only those whose
 *   answer changes the result, each with why it is asked; it ends by filling the form and
 *   showing the checklist;
 * - the checklist as a document (POST /v1/eligibility/export), next to "print";
 * - the batch check for officials (POST /v1/targets/check with a CSV or XLSX file): a table,
 *   a chart, the rows with problems, and the results to download.
 * Server text only ever goes in textContent.
 */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('cp-data').textContent || '{}');
  var lang = data.lang === 'en' ? 'en' : 'zh';
  var XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

  var I18N = {
    zh: {
      navBatch: '批量核对',
      guidedTitle: '逐项检查',
      guidedIntro: '只问会影响结果的问题，每题都说明为什么问；不清楚的可以选“不清楚”。',
      guidedStart: '开始逐项检查',
      guidedOr: '或者一次填写全部情况：',
      progress: '第 {n} 题 · 还有 {left} 个问题可能影响结果',
      progressLast: '第 {n} 题 · 最后一个可能影响结果的问题',
      whyLabel: '为什么问：',
      sources: '规划原文（{n} 条）',
      clause: '条款 {id}',
      choose: '确定',
      industryLabel: '选择行业',
      back: '上一题',
      quit: '退出逐项检查',
      restart: '重新开始',
      doneTitle: '检查完成',
      doneText: '共回答 {n} 个问题，其余情况不影响结果。适用要求清单见下方；不清楚的项目列为“可能适用”。',
      doneNone: '没有需要回答的问题：适用要求清单见下方。',
      failed: '暂时无法完成，请稍后重试。',
      loading: '加载中…',
      downloadDocx: '下载 Word',
      downloadCsv: '下载 CSV',
      downloadFailed: '下载失败，请稍后重试。',
      batchHeading: '批量核对各地数据（主管部门）',
      batchHelp:
        '上传 CSV 或 Excel（XLSX）文件，每行一个数据：地区、指标或目标编号、数值，可选单位。例如：北京,t1-training,45 或 上海,audit-passed-rate,35%。目标编号和指标见上方“规划目标”表；第一行可以是表头。',
      batchFile: 'CSV 或 XLSX 文件',
      batchText: '或直接粘贴 CSV 内容',
      batchCheck: '核对',
      batchNothing: '请选择文件或粘贴内容。',
      batchSummary: '已核对 {rows} 行：{met} 项达到目标，{notMet} 项未达到。',
      batchProblems: '{n} 行无法核对，原因见下表；其余各行已核对。',
      colRegion: '地区',
      colTarget: '目标',
      colReported: '报告值',
      colGoal: '2015年目标',
      colResult: '结果',
      colGap: '差距',
      colLine: '行',
      colColumn: '列',
      colValue: '内容',
      colReason: '原因',
      met: '已达到',
      notMet: '未达到',
      problemsHeading: '无法核对的行',
      chartTitle: '各地报告值与目标',
      chartCaption: '竖线为目标值；绿色为已达到，橙色为未达到。',
      downloadResultsCsv: '下载结果（CSV）',
      downloadResultsXlsx: '下载结果（XLSX）',
      points: '个百分点',
      header: '已将第一行视为表头：',
      listSep: '；',
    },
    en: {
      navBatch: 'Batch check',
      guidedTitle: 'Guided check',
      guidedIntro: 'Only the questions whose answer changes the result, each with why it is asked. “Not sure” is always an answer.',
      guidedStart: 'Start the guided check',
      guidedOr: 'Or describe the enterprise all at once:',
      progress: 'Question {n} · {left} more may change the result',
      progressLast: 'Question {n} · the last one that may change the result',
      whyLabel: 'Why we ask: ',
      sources: 'The plan’s text ({n})',
      clause: 'clause {id}',
      choose: 'Choose',
      industryLabel: 'Industry',
      back: 'Previous question',
      quit: 'Leave the guided check',
      restart: 'Start again',
      doneTitle: 'Done',
      doneText: '{n} questions answered; nothing else would change the result. The checklist is below; what you were not sure of is listed as “may apply”.',
      doneNone: 'No question to ask: the checklist is below.',
      failed: 'This could not be completed. Please try again later.',
      loading: 'Loading…',
      downloadDocx: 'Download Word',
      downloadCsv: 'Download CSV',
      downloadFailed: 'The download failed. Please try again later.',
      batchHeading: 'Check figures in bulk (for officials)',
      batchHelp:
        'Upload a CSV or Excel (XLSX) file with one figure a row: region, indicator or target id, value, and optionally the unit. For example: Beijing,t1-training,45 or Shanghai,audit-passed-rate,35%. Target ids and indicators are in the targets table above; the first row may be a header.',
      batchFile: 'CSV or XLSX file',
      batchText: 'Or paste CSV',
      batchCheck: 'Check',
      batchNothing: 'Choose a file or paste some rows.',
      batchSummary: 'Rows checked: {rows}. Targets met: {met}; not met: {notMet}.',
      batchProblems: 'Rows that could not be checked: {n} (see below). The other rows were checked.',
      colRegion: 'Region',
      colTarget: 'Target',
      colReported: 'Reported',
      colGoal: '2015 target',
      colResult: 'Result',
      colGap: 'Gap',
      colLine: 'Line',
      colColumn: 'Column',
      colValue: 'Value',
      colReason: 'Reason',
      met: 'met',
      notMet: 'not met',
      problemsHeading: 'Rows that could not be checked',
      chartTitle: 'Reported figures against the targets',
      chartCaption: 'The vertical line is the target; green is met, orange is not met.',
      downloadResultsCsv: 'Download results (CSV)',
      downloadResultsXlsx: 'Download results (XLSX)',
      points: ' pp',
      header: 'The first row was read as a header: ',
      listSep: '; ',
    },
  };
  var T = I18N[lang];

  var fill = function (text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key] === undefined ? '' : String(values[key]);
    });
  };

  /* @include dom.js */

  var $ = function (id) {
    return document.getElementById(id);
  };

  document.querySelectorAll('[data-i18n-checks]').forEach(function (node) {
    var text = T[node.getAttribute('data-i18n-checks')];
    if (typeof text === 'string') node.textContent = text;
  });

  function postJson(path, body, accept) {
    var headers = { 'content-type': 'application/json' };
    if (accept) headers.accept = accept;
    return fetch(path, { method: 'POST', headers: headers, body: JSON.stringify(body) });
  }

  /** Saves a response as a file, named as the server says (Content-Disposition). */
  function saveResponse(response, fallbackName) {
    if (!response.ok) throw new Error('HTTP ' + response.status);
    var match = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') || '');
    var name = match ? match[1] : fallbackName;
    return response.blob().then(function (blob) {
      var url = URL.createObjectURL(blob);
      var link = el('a', { href: url, download: name, hidden: true });
      document.body.appendChild(link);
      link.click();
      setTimeout(function () {
        URL.revokeObjectURL(url);
        link.remove();
      }, 1000);
    });
  }

  function citationList(citations) {
    return el(
      'ol',
      { className: 'cites' },
      (citations || []).map(function (citation) {
        return el('li', null, [el('span', { className: 'cid', text: fill(T.clause, { id: String(citation.section || citation.id || '') }) }), el('q', { text: String(citation.quote) })]);
      }),
    );
  }

  // ---- guided check -----------------------------------------------------------------------------

  var guidedBox = $('guided-check');
  var form = $('eligibility-form');

  var guided = { profile: {}, unsure: [], answers: [], running: false };

  function renderGuidedIntro() {
    guidedBox.textContent = '';
    guidedBox.appendChild(el('h3', { className: 'guided-title', text: T.guidedTitle }));
    guidedBox.appendChild(el('p', { className: 'help', text: T.guidedIntro }));
    guidedBox.appendChild(el('div', { className: 'actions' }, [el('button', { type: 'button', className: 'primary', id: 'guided-start', text: T.guidedStart, onclick: startGuided })]));
    guidedBox.appendChild(el('p', { className: 'guided-or', text: T.guidedOr }));
  }

  function startGuided() {
    var industry = $('f-industry');
    guided = { profile: industry && industry.value ? { industry: industry.value } : {}, unsure: [], answers: [], running: true };
    form.hidden = true;
    $('eligibility-result').textContent = '';
    askNext();
  }

  function quitGuided() {
    guided.running = false;
    form.hidden = false;
    renderGuidedIntro();
    $('guided-start').focus();
  }

  function askNext() {
    guidedBox.setAttribute('aria-busy', 'true');
    postJson('/v1/eligibility/next', { profile: guided.profile, unsure: guided.unsure, lang: lang, plan: data.plan })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(function (json) {
        guidedBox.removeAttribute('aria-busy');
        guided.profile = json.profile || guided.profile;
        if (json.done) finishGuided();
        else renderQuestion(json.question, json.remaining);
      })
      .catch(function () {
        guidedBox.removeAttribute('aria-busy');
        guidedBox.appendChild(el('p', { className: 'error', role: 'alert', text: T.failed }));
      });
  }

  function answer(question, value) {
    guided.answers.push({ field: question.field, value: value, profile: guided.profile, unsure: guided.unsure.slice() });
    if (value === null) guided.unsure = guided.unsure.concat([question.field]);
    else {
      var next = Object.assign({}, guided.profile);
      next[question.field] = value;
      guided.profile = next;
    }
    askNext();
  }

  function back() {
    var last = guided.answers.pop();
    if (!last) return;
    guided.profile = last.profile;
    guided.unsure = last.unsure;
    askNext();
  }

  function renderQuestion(question, remaining) {
    guidedBox.textContent = '';
    var n = guided.answers.length + 1;
    var headingId = 'guided-q-' + question.field;
    guidedBox.appendChild(el('p', { className: 'guided-progress', text: fill(remaining > 1 ? T.progress : T.progressLast, { n: n, left: remaining - 1 }) }));
    var heading = el('h3', { id: headingId, className: 'guided-question', tabindex: '-1', 'data-field': question.field, text: question.text });
    guidedBox.appendChild(heading);
    var reasonId = headingId + '-why';
    guidedBox.appendChild(el('p', { className: 'guided-reason', id: reasonId }, [el('strong', { text: T.whyLabel }), question.reason]));
    if (question.citations && question.citations.length) {
      guidedBox.appendChild(el('details', { className: 'guided-sources' }, [el('summary', { text: fill(T.sources, { n: question.citations.length }) }), citationList(question.citations)]));
    }
    var choices;
    if (question.field === 'industry') {
      var selectId = 'guided-industry';
      var select = el(
        'select',
        { id: selectId },
        question.choices
          .filter(function (choice) {
            return choice.value !== null;
          })
          .map(function (choice) {
            return el('option', { value: choice.value, text: choice.label });
          }),
      );
      var unsureChoice = question.choices.filter(function (choice) {
        return choice.value === null;
      })[0];
      choices = el('div', { className: 'guided-choices', role: 'group', 'aria-labelledby': headingId, 'aria-describedby': reasonId }, [
        el('label', { for: selectId, className: 'sr', text: T.industryLabel }),
        select,
        el('button', { type: 'button', className: 'primary', text: T.choose, onclick: function () { answer(question, select.value); } }),
        unsureChoice ? el('button', { type: 'button', text: unsureChoice.label, onclick: function () { answer(question, null); } }) : null,
      ]);
    } else {
      choices = el(
        'div',
        { className: 'guided-choices', role: 'group', 'aria-labelledby': headingId, 'aria-describedby': reasonId },
        question.choices.map(function (choice) {
          return el('button', {
            type: 'button',
            className: choice.value === null ? 'unsure' : '',
            'data-value': String(choice.value),
            text: choice.label,
            onclick: function () {
              answer(question, choice.value);
            },
          });
        }),
      );
    }
    guidedBox.appendChild(choices);
    if (question.hint) guidedBox.appendChild(el('p', { className: 'guided-hint', text: question.hint }));
    guidedBox.appendChild(
      el('div', { className: 'guided-nav' }, [
        guided.answers.length ? el('button', { type: 'button', className: 'link', text: T.back, onclick: back }) : null,
        el('button', { type: 'button', className: 'link', text: T.quit, onclick: quitGuided }),
      ]),
    );
    heading.focus();
  }

  /** Puts the answers in the form (not sure and not asked: "don't know") and shows the checklist. */
  function finishGuided() {
    guided.running = false;
    var profile = guided.profile;
    var industry = $('f-industry');
    if (industry) industry.value = profile.industry || '';
    (data.flags || []).forEach(function (flag) {
      var value = profile[flag.id] === true ? 'yes' : profile[flag.id] === false ? 'no' : 'unknown';
      var radio = form.querySelector('input[name="' + flag.id + '"][value="' + value + '"]');
      if (radio) radio.checked = true;
    });
    guidedBox.textContent = '';
    guidedBox.appendChild(el('h3', { className: 'guided-title', text: T.doneTitle }));
    var asked = guided.answers.length;
    guidedBox.appendChild(el('p', { className: 'guided-done', role: 'status', text: asked ? fill(T.doneText, { n: asked }) : T.doneNone }));
    guidedBox.appendChild(el('div', { className: 'actions' }, [el('button', { type: 'button', text: T.restart, onclick: startGuided })]));
    form.hidden = false;
    if (form.requestSubmit) form.requestSubmit();
    else form.dispatchEvent(new Event('submit', { cancelable: true }));
  }

  if (guidedBox && form) renderGuidedIntro();

  // ---- the checklist as a document ----------------------------------------------------------------

  // page.js announces each checklist it renders; the downloads go next to its print button.
  var result = $('eligibility-result');
  if (result) {
    result.addEventListener('cp:checklist', function (event) {
      var profile = (event.detail && event.detail.profile) || {};
      var head = result.querySelector('.result-head');
      if (!head) return;
      var status = el('p', { className: 'error no-print', role: 'alert', hidden: true, text: T.downloadFailed });
      var button = function (format, label) {
        return el('button', {
          type: 'button',
          className: 'no-print download',
          'data-format': format,
          text: label,
          onclick: function () {
            status.hidden = true;
            postJson('/v1/eligibility/export?format=' + format, { profile: profile, lang: lang, plan: data.plan })
              .then(function (response) {
                return saveResponse(response, 'checklist.' + format);
              })
              .catch(function () {
                status.hidden = false;
              });
          },
        });
      };
      head.appendChild(el('div', { className: 'downloads no-print' }, [button('docx', T.downloadDocx), button('csv', T.downloadCsv)]));
      head.parentNode.insertBefore(status, head.nextSibling);
    });
  }

  // ---- batch check for officials --------------------------------------------------------------------

  var batchSection = $('batch-section');
  if (batchSection) renderBatchSection();

  function renderBatchSection() {
    var fileInput = el('input', { type: 'file', id: 'batch-file', accept: '.csv,.xlsx,text/csv,' + XLSX_TYPE });
    var textInput = el('textarea', { id: 'batch-text', rows: '4', spellcheck: 'false', placeholder: lang === 'zh' ? '北京,t1-training,45' : 'Beijing,t1-training,45' });
    var output = el('div', { id: 'batch-result', className: 'batch-result', 'aria-live': 'polite' });
    var last = null;

    var upload = function (accept) {
      var file = fileInput.files && fileInput.files[0];
      var body = file || (textInput.value.trim() ? textInput.value : null);
      if (!body) return null;
      var type = file && /\.xlsx$/i.test(file.name) ? XLSX_TYPE : 'text/csv';
      var headers = { 'content-type': type };
      if (accept) headers.accept = accept;
      return fetch('/v1/targets/check?lang=' + lang + (data.plan ? '&plan=' + encodeURIComponent(data.plan) : ''), { method: 'POST', headers: headers, body: body });
    };

    var formNode = el(
      'form',
      {
        id: 'batch-form',
        className: 'no-print',
        novalidate: true,
        onsubmit: function (event) {
          event.preventDefault();
          var request = upload();
          output.textContent = '';
          if (!request) {
            output.appendChild(el('p', { className: 'error', role: 'alert', text: T.batchNothing }));
            return;
          }
          output.appendChild(el('p', { className: 'loading', text: T.loading }));
          request
            .then(function (response) {
              return response.json().then(function (json) {
                if (!response.ok) throw new Error((json && json.error && json.error.message) || 'HTTP ' + response.status);
                return json;
              });
            })
            .then(function (json) {
              last = upload;
              renderBatch(output, json, last);
            })
            .catch(function (error) {
              output.textContent = '';
              output.appendChild(el('p', { className: 'error', role: 'alert', text: T.failed + ' ' + String(error.message || '') }));
            });
        },
      },
      [
        el('div', { className: 'field' }, [el('label', { for: 'batch-file', text: T.batchFile }), fileInput]),
        el('div', { className: 'field' }, [el('label', { for: 'batch-text', text: T.batchText }), textInput]),
        el('div', { className: 'actions' }, [el('button', { type: 'submit', className: 'primary', text: T.batchCheck })]),
      ],
    );
    batchSection.textContent = '';
    batchSection.appendChild(el('h2', { id: 'batch-heading', text: T.batchHeading }));
    batchSection.appendChild(el('p', { className: 'help', text: T.batchHelp }));
    batchSection.appendChild(formNode);
    batchSection.appendChild(output);
  }

  function figureText(value, unit) {
    return String(value) + (unit === '%' || lang === 'zh' ? '' : ' ') + (unit || '');
  }

  function gapText(result) {
    var sign = result.difference > 0 ? '+' : '';
    var unit = result.target && result.target.target && result.target.target.unit;
    return sign + String(result.difference) + (unit === '%' ? T.points : unit ? (lang === 'zh' ? '' : ' ') + unit : '');
  }

  function renderBatch(output, json, upload) {
    output.textContent = '';
    var results = json.results || [];
    var errors = json.errors || [];
    var rows = {};
    results.forEach(function (result) {
      rows[result.line] = true;
    });
    var met = results.filter(function (result) {
      return result.met;
    }).length;
    output.appendChild(el('p', { className: 'batch-summary', text: fill(T.batchSummary, { rows: Object.keys(rows).length, met: met, notMet: results.length - met }) }));
    if (json.header) output.appendChild(el('p', { className: 'help', text: T.header + json.header.join(', ') }));
    if (errors.length) output.appendChild(el('p', { className: 'warn', role: 'alert', text: fill(T.batchProblems, { n: errors.length }) }));

    var downloadStatus = el('p', { className: 'error', role: 'alert', hidden: true, text: T.downloadFailed });
    var download = function (accept, label, name) {
      return el('button', {
        type: 'button',
        text: label,
        'data-format': name,
        onclick: function () {
          downloadStatus.hidden = true;
          upload(accept)
            .then(function (response) {
              return saveResponse(response, 'target-check.' + name);
            })
            .catch(function () {
              downloadStatus.hidden = false;
            });
        },
      });
    };
    output.appendChild(el('div', { className: 'actions no-print' }, [download('text/csv', T.downloadResultsCsv, 'csv'), download(XLSX_TYPE, T.downloadResultsXlsx, 'xlsx')]));
    output.appendChild(downloadStatus);

    if (results.length) {
      // Per region, then per target.
      var sorted = results.slice().sort(function (a, b) {
        return a.region.localeCompare(b.region, lang === 'zh' ? 'zh-CN' : 'en') || a.targetId.localeCompare(b.targetId) || a.line - b.line;
      });
      var table = el('table', { className: 'targets batch-table' }, [
        el('thead', null, [
          el('tr', null, [T.colRegion, T.colTarget, T.colReported, T.colGoal, T.colResult, T.colGap].map(function (label) {
            return el('th', { scope: 'col', text: label });
          })),
        ]),
        el(
          'tbody',
          null,
          sorted.map(function (result) {
            var goal = result.target && result.target.target ? result.target.target : { value: '', unit: '' };
            var comparator = { '>': '> ', '>=': '≥ ', '=': '' }[result.comparator] || '';
            return el('tr', { 'data-line': String(result.line), className: result.met ? 'met' : 'not-met' }, [
              el('th', { scope: 'row', text: result.region }),
              el('td', { 'data-label': T.colTarget, title: result.summary }, [result.target ? result.target.title : result.targetId]),
              el('td', { className: 'num', 'data-label': T.colReported, text: figureText(result.reported.value, result.reported.unit) }),
              el('td', { className: 'num', 'data-label': T.colGoal, text: comparator + figureText(goal.value, goal.unit) }),
              el('td', { className: 'verdict', 'data-label': T.colResult }, [el('span', { 'aria-hidden': 'true', text: result.met ? '✓ ' : '✗ ' }), result.met ? T.met : T.notMet]),
              el('td', { className: 'num', 'data-label': T.colGap, text: gapText(result) }),
            ]);
          }),
        ),
      ]);
      output.appendChild(el('div', { className: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': T.batchHeading }, [table]));
      output.appendChild(renderBatchChart(results));
    }

    if (errors.length) {
      output.appendChild(el('h3', { text: T.problemsHeading }));
      output.appendChild(
        el('div', { className: 'table-wrap' }, [
          el('table', { className: 'targets batch-errors' }, [
            el('thead', null, [
              el('tr', null, [T.colLine, T.colColumn, T.colValue, T.colReason].map(function (label) {
                return el('th', { scope: 'col', text: label });
              })),
            ]),
            el(
              'tbody',
              null,
              errors.map(function (error) {
                return el('tr', { 'data-line': String(error.line) }, [
                  el('td', { className: 'num', 'data-label': T.colLine, text: String(error.line) }),
                  el('td', { className: 'num', 'data-label': T.colColumn, text: String(error.column) }),
                  el('td', { 'data-label': T.colValue, text: error.value }),
                  el('td', { 'data-label': T.colReason, text: error.reason }),
                ]);
              }),
            ),
          ]),
        ]),
      );
    }
  }

  /** Per target, one bar per region; the target as a line across. Drawn to the width it is shown at. */
  function renderBatchChart(results) {
    var figure = el('figure', { className: 'chart batch-chart' });
    figure.appendChild(el('figcaption', null, [el('strong', { text: T.chartTitle }), ' ', el('span', { className: 'caption-note', text: T.chartCaption })]));
    var groups = [];
    results.forEach(function (result) {
      var group = groups.filter(function (g) {
        return g.id === result.targetId;
      })[0];
      if (!group) groups.push((group = { id: result.targetId, title: result.target ? result.target.title : result.targetId, goal: result.target.target, rows: [] }));
      group.rows.push(result);
    });
    var NS = 'http://www.w3.org/2000/svg';
    var svgEl = function (tag, attrs, text) {
      var node = document.createElementNS(NS, tag);
      for (var key in attrs) node.setAttribute(key, String(attrs[key]));
      if (text !== undefined) node.textContent = text;
      return node;
    };
    var width = Math.max(280, Math.min(900, Math.floor($('batch-result').clientWidth || 760)));
    var labelWidth = Math.min(140, Math.floor(width * 0.28));
    var barMax = width - labelWidth - 90;
    var rowHeight = 22;
    var lineHeight = 18;
    var charsPerLine = Math.max(12, Math.floor(width / (lang === 'zh' ? 14.5 : 7.6)));
    var wrap = function (text) {
      var lines = [];
      var rest = text;
      while (rest.length > charsPerLine) {
        var cut = charsPerLine;
        var space = rest.lastIndexOf(' ', charsPerLine);
        if (space > charsPerLine / 2) cut = space;
        lines.push(rest.slice(0, cut).trim());
        rest = rest.slice(cut).trim();
      }
      lines.push(rest);
      return lines;
    };
    var height = 8;
    groups.forEach(function (group) {
      group.lines = wrap(group.title);
      height += group.lines.length * lineHeight + 8 + group.rows.length * rowHeight + 10;
    });
    var svg = svgEl('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-labelledby': 'batch-chart-title batch-chart-desc', class: 'bars' });
    svg.appendChild(svgEl('title', { id: 'batch-chart-title' }, T.chartTitle));
    svg.appendChild(
      svgEl(
        'desc',
        { id: 'batch-chart-desc' },
        results
          .map(function (result) {
            return result.region + ' ' + (result.target ? result.target.title : result.targetId) + ': ' + result.summary;
          })
          .join(T.listSep),
      ),
    );
    var y = 8;
    groups.forEach(function (group) {
      group.lines.forEach(function (line, index) {
        svg.appendChild(svgEl('text', { x: 0, y: y + 14 + index * lineHeight, class: 'label' }, line));
      });
      y += group.lines.length * lineHeight + 8;
      var scaleMax = Math.max.apply(
        null,
        [group.goal.value].concat(
          group.rows.map(function (row) {
            return row.reported.value;
          }),
        ),
      );
      scaleMax = scaleMax > 0 ? scaleMax * 1.1 : 1;
      var top = y;
      var labels = [];
      group.rows.forEach(function (row) {
        var length = Math.max(2, (Math.max(0, row.reported.value) / scaleMax) * barMax);
        var region = row.region.length > 12 ? row.region.slice(0, 11) + '…' : row.region;
        svg.appendChild(svgEl('text', { x: labelWidth - 6, y: y + 14, 'text-anchor': 'end', class: 'value' }, region));
        svg.appendChild(svgEl('rect', { x: labelWidth, y: y + 3, width: length.toFixed(1), height: 14, rx: 2, class: row.met ? 'b-met' : 'b-not-met' }));
        labels.push(svgEl('text', { x: (labelWidth + length + 6).toFixed(1), y: y + 14, class: 'value' }, (row.met ? '✓ ' : '✗ ') + figureText(row.reported.value, row.reported.unit)));
        y += rowHeight;
      });
      // The target line over the bars, the figures over the line.
      var goalX = labelWidth + (group.goal.value / scaleMax) * barMax;
      svg.appendChild(svgEl('line', { x1: goalX.toFixed(1), x2: goalX.toFixed(1), y1: top, y2: y, class: 'goal-line' }));
      labels.forEach(function (label) {
        svg.appendChild(label);
      });
      y += 10;
    });
    figure.appendChild(svg);
    return figure;
  }
})();
