/*
 * The page for enterprise staff and officials (GET /): labels, the eligibility checklist
 * (POST /v1/eligibility) and the targets table and chart (GET /v1/targets). The chat is the
 * widget, mounted inline by its own script tag. Server text only ever goes in textContent.
 */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('cp-data').textContent || '{}');
  var lang = data.lang === 'en' ? 'en' : 'zh';

  var I18N = {
    zh: {
      skip: '跳到主要内容',
      lede: '面向企业和主管部门：所有结论均来自规划原文或确定性规则，并附原文引文。',
      navChat: '咨询',
      navEligibility: '适用要求清单',
      navTargets: '规划目标',
      chatHeading: '咨询规划',
      chatHelp: '用中文或英文提问。点击答案中的编号查看规划原文。',
      eligibilityHeading: '适用要求清单',
      rendering: '',
      eligibilityHelp:
        '填写企业情况，查看规划中适用于贵企业的审核、培训、技术、替代和支持政策。不清楚的项目选“不清楚”，结果会说明它们可能带来的其他要求。',
      fIndustry: '所属行业',
      industryNone: '— 未选择 —',
      fFlags: '企业情况',
      yes: '是',
      no: '否',
      unknown: '不清楚',
      check: '查看适用要求',
      reset: '重置',
      targetsHeading: '规划目标',
      filterKind: '显示',
      allKinds: '全部目标',
      version: '规则与语料版本：',
      loading: '加载中…',
      failed: '加载失败，请稍后重试。',
      resultFor: '适用要求清单：{industry}',
      anyIndustry: '未选择行业',
      print: '打印清单',
      profileLine: '企业情况——',
      notGiven: '未填写',
      generated: '生成时间：',
      noItems: '根据所填情况，规划中没有明确适用于贵企业的条款。请补充行业等信息后再试。',
      unrecognized: '未能识别行业“{industry}”。',
      missingIntro: '以下情况未填写，可能影响结果：',
      missingShort: '有 {n} 项企业情况未填写，可能还有其他要求适用（见清单末尾）。',
      wouldApply: '如果“{field}”为“是”，还将适用：',
      technologies: '涉及技术：',
      relatedTargets: '相关目标：',
      sources: '规划原文',
      clause: '条款 {id}',
      colTarget: '目标',
      colScope: '行业 / 技术',
      colSources: '规划原文',
      quotesCount: '{n} 条引文',
      quoteCount: '1 条引文',
      listSep: '；',
      stage: { research: '研发', promote: '推广', demonstrate: '示范' },
      kinds: {
        audit: '清洁生产审核',
        training: '培训',
        technology: '清洁生产技术',
        substitution: '有毒有害原料替代',
        target: '目标',
        incentive: '支持与激励政策',
        role: '职责',
      },
    },
    en: {
      skip: 'Skip to main content',
      lede: 'For enterprises and officials: every statement comes from the plan’s text or a deterministic rule, with the plan’s own words cited.',
      navChat: 'Ask',
      navEligibility: 'What applies',
      navTargets: 'Targets',
      chatHeading: 'Ask about the plan',
      chatHelp: 'Ask in English or Chinese. Select a number in an answer to read the plan’s text.',
      eligibilityHeading: 'What applies to your enterprise',
      rendering: 'Unofficial English rendering: ',
      eligibilityHelp:
        'Describe the enterprise to see the audits, training, technologies, substitutions and support the plan sets for it. Choose “Don’t know” where unsure: the result says what else might apply.',
      fIndustry: 'Industry',
      industryNone: '— not chosen —',
      fFlags: 'The enterprise',
      yes: 'Yes',
      no: 'No',
      unknown: 'Don’t know',
      check: 'Show what applies',
      reset: 'Reset',
      targetsHeading: 'Targets of the plan',
      filterKind: 'Show',
      allKinds: 'All targets',
      version: 'Rules and corpus version: ',
      loading: 'Loading…',
      failed: 'Could not load. Please try again later.',
      resultFor: 'Checklist: {industry}',
      anyIndustry: 'no industry chosen',
      print: 'Print checklist',
      profileLine: 'Enterprise — ',
      notGiven: 'not given',
      generated: 'Generated: ',
      noItems: 'From what was given, no clause of the plan clearly applies. Add the industry and try again.',
      unrecognized: 'The industry “{industry}” was not recognised.',
      missingIntro: 'Not given, and could change the result: ',
      missingShort: '{n} facts about the enterprise were not given; more may apply (see the end of the checklist).',
      wouldApply: 'If “{field}” is yes, these would also apply:',
      technologies: 'Technologies: ',
      relatedTargets: 'Related targets: ',
      sources: 'The plan says',
      clause: 'clause {id}',
      colTarget: 'Target',
      colScope: 'Industry / technology',
      colSources: 'The plan says',
      quotesCount: '{n} quotes',
      quoteCount: '1 quote',
      listSep: '; ',
      stage: { research: 'research', promote: 'promote', demonstrate: 'demonstrate' },
      kinds: {
        audit: 'Cleaner production audits',
        training: 'Training',
        technology: 'Cleaner production technologies',
        substitution: 'Substituting toxic and hazardous materials',
        target: 'Targets',
        incentive: 'Support and incentives',
        role: 'Responsibilities',
      },
    },
  };
  // The plan's own words (titles, target kinds, units, the profile's questions) come from its pack, with the page's data.
  var ui = data.ui || {};
  var T = I18N[lang];
  Object.keys(ui).forEach(function (key) {
    if (key !== 'kinds') T[key] = ui[key];
  });
  T.kinds = Object.assign({}, T.kinds, ui.kinds || {});
  T.units = ui.units || {};
  T.fields = { industry: data.industryLabel || T.fIndustry };
  var FLAGS = (data.flags || []).map(function (flag) {
    T.fields[flag.id] = flag.label;
    return flag.id;
  });
  var ITEM_KINDS = ['audit', 'training', 'technology', 'substitution', 'target', 'incentive'];

  var fill = function (text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key] === undefined ? '' : String(values[key]);
    });
  };

  /* @include dom.js */

  var $ = function (id) {
    return document.getElementById(id);
  };

  // ---- static labels --------------------------------------------------------------------------

  document.querySelectorAll('[data-i18n]').forEach(function (node) {
    var text = T[node.getAttribute('data-i18n')];
    if (typeof text === 'string') node.textContent = text;
  });
  document.querySelectorAll('nav.lang a').forEach(function (link) {
    if (link.getAttribute('data-lang') === lang) link.setAttribute('aria-current', 'page');
  });
  if (data.periodNote) $('period').textContent = data.periodNote;
  if (data.version) $('version').textContent = T.version + data.version;

  function unit(value) {
    return T.units[value] || value || '';
  }
  function figure(fig, withComparator) {
    if (!fig || typeof fig.value !== 'number') return '';
    var comparator = withComparator ? { '>': '> ', '>=': '≥ ', '<': '< ', '<=': '≤ ', '=': '' }[fig.comparator] || '' : '';
    var u = unit(fig.unit);
    // A unit shown in another's words is rescaled with it (65 万吨 → 650,000 tonnes).
    var scale = (ui.unitScale && ui.unitScale[fig.unit]) || 1;
    var number = (Math.round(fig.value * scale * 1e6) / 1e6).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en');
    var spaced = u === '%' || lang === 'zh' ? '' : ' ';
    return comparator + number + spaced + u;
  }

  function citationList(citations) {
    return el(
      'ol',
      { className: 'cites' },
      (citations || []).map(function (citation) {
        return el('li', null, [
          el('span', { className: 'cid', text: fill(T.clause, { id: String(citation.section || citation.id || '') }) }),
          el('q', { text: String(citation.quote) }),
        ].concat(citation.rendering ? [el('span', { className: 'rendering', text: T.rendering + String(citation.rendering) })] : []));
      }),
    );
  }

  // ---- eligibility checklist ------------------------------------------------------------------

  var industrySelect = $('f-industry');
  industrySelect.appendChild(el('option', { value: '', text: T.industryNone }));
  (data.industries || []).forEach(function (industry) {
    industrySelect.appendChild(el('option', { value: industry.id, text: industry.name }));
  });

  var flagBox = $('flag-fields');
  FLAGS.forEach(function (flag) {
    var name = 'flag-' + flag;
    var choice = function (value, label) {
      var id = name + '-' + value;
      return el('span', { className: 'choice' }, [
        el('input', { type: 'radio', id: id, name: flag, value: value, checked: value === 'unknown' }),
        el('label', { for: id, text: label }),
      ]);
    };
    flagBox.appendChild(
      el('fieldset', { className: 'tri' }, [
        el('legend', { text: T.fields[flag] }),
        choice('yes', T.yes),
        choice('no', T.no),
        choice('unknown', T.unknown),
      ]),
    );
  });

  var form = $('eligibility-form');
  var result = $('eligibility-result');

  function profileFromForm() {
    var profile = {};
    if (industrySelect.value) profile.industry = industrySelect.value;
    FLAGS.forEach(function (flag) {
      var checked = form.querySelector('input[name="' + flag + '"]:checked');
      if (checked && checked.value !== 'unknown') profile[flag] = checked.value === 'yes';
    });
    return profile;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var profile = profileFromForm();
    result.textContent = '';
    result.appendChild(el('p', { className: 'loading', text: T.loading }));
    fetch('/v1/eligibility', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ profile: profile, lang: lang, plan: data.plan }),
    })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(function (json) {
        renderChecklist(json, profile);
      })
      .catch(function () {
        result.textContent = '';
        result.appendChild(el('p', { className: 'error', role: 'alert', text: T.failed }));
      });
  });
  form.addEventListener('reset', function () {
    result.textContent = '';
  });

  function renderChecklist(json, profile) {
    result.textContent = '';
    var industryName = json.industry ? json.industry.name : T.anyIndustry;
    var heading = el('h3', { id: 'checklist-heading', tabindex: '-1', text: fill(T.resultFor, { industry: industryName }) });
    var printButton = el('button', { type: 'button', className: 'no-print', text: T.print, onclick: function () { window.print(); } });
    result.appendChild(el('div', { className: 'result-head' }, [heading, printButton]));
    // The guided check and the downloads (checks.js) hang off this.
    result.dispatchEvent(new CustomEvent('cp:checklist', { detail: { profile: profile } }));

    var colon = lang === 'zh' ? '：' : ': ';
    var facts = FLAGS.map(function (flag) {
      var value = profile[flag];
      return T.fields[flag] + colon + (value === true ? T.yes : value === false ? T.no : T.notGiven);
    });
    result.appendChild(el('p', { className: 'profile-line' }, [T.profileLine + [T.fields.industry + colon + (json.industry ? json.industry.name : T.notGiven)].concat(facts).join(T.listSep)]));
    if (json.period && json.period.note) result.appendChild(el('p', { className: 'period-note', text: json.period.note }));
    var missingCount = (json.missing || []).filter(function (field) {
      return field !== 'industry' || !json.industry;
    }).length;
    if (missingCount) result.appendChild(el('p', { className: 'warn-inline' }, [el('a', { href: '#checklist-missing', text: fill(T.missingShort, { n: missingCount }) })]));
    if (json.unrecognizedIndustry) result.appendChild(el('p', { className: 'warn', text: fill(T.unrecognized, { industry: json.unrecognizedIndustry }) }));

    var items = Array.isArray(json.items) ? json.items : [];
    if (!items.length) result.appendChild(el('p', { className: 'empty', text: T.noItems }));
    var kinds = ITEM_KINDS.concat(
      items
        .map(function (item) {
          return item.kind;
        })
        .filter(function (kind, index, all) {
          return ITEM_KINDS.indexOf(kind) < 0 && all.indexOf(kind) === index;
        }),
    );
    kinds.forEach(function (kind) {
      var group = items.filter(function (item) {
        return item.kind === kind;
      });
      if (!group.length) return;
      result.appendChild(el('h4', { text: T.kinds[kind] || kind }));
      result.appendChild(el('ul', { className: 'checklist' }, group.map(renderItem)));
    });

    var missing = (json.missing || []).filter(function (field) {
      return field !== 'industry' || !json.industry;
    });
    if (missing.length || (json.wouldApplyIf || []).length) {
      var box = el('div', { className: 'missing', id: 'checklist-missing' });
      if (missing.length) {
        box.appendChild(
          el('p', null, [
            el('strong', { text: T.missingIntro }),
            missing
              .map(function (field) {
                return T.fields[field] || field;
              })
              .join(T.listSep),
          ]),
        );
      }
      (json.wouldApplyIf || []).forEach(function (entry) {
        box.appendChild(el('p', { text: fill(T.wouldApply, { field: T.fields[entry.field] || entry.field }) }));
        box.appendChild(
          el(
            'ul',
            null,
            (entry.items || []).map(function (item) {
              return el('li', { text: item.title });
            }),
          ),
        );
      });
      result.appendChild(box);
    }
    result.appendChild(el('p', { className: 'generated', text: T.generated + new Date().toLocaleString(lang === 'zh' ? 'zh-CN' : 'en') + (json.version ? ' · ' + json.version : '') }));
    heading.focus();
  }

  function renderItem(item) {
    var targets = (item.targets || []).map(function (target) {
      return target.title;
    });
    return el('li', { className: 'item' }, [
      el('span', { className: 'box', 'aria-hidden': 'true' }),
      el('div', { className: 'body' }, [
        el('p', { className: 'item-title' }, [el('strong', { text: item.title }), item.stage ? el('span', { className: 'stage', text: T.stage[item.stage] || item.stage }) : null]),
        el('p', { className: 'item-text', text: item.text }),
        item.technologies && item.technologies.length ? el('p', { className: 'techs', text: T.technologies + item.technologies.join(T.listSep) }) : null,
        targets.length ? el('p', { className: 'techs', text: T.relatedTargets + targets.join(T.listSep) }) : null,
        el('p', { className: 'sources-label', text: T.sources }),
        citationList(item.citations),
      ]),
    ]);
  }

  // ---- targets: chart and table -------------------------------------------------------------

  var targetsTable = $('targets-table');
  var chart = $('targets-chart');
  var kindSelect = $('target-kind');
  var allTargets = [];
  targetsTable.appendChild(el('p', { className: 'loading', text: T.loading }));

  fetch('/v1/targets?lang=' + lang + '&plan=' + encodeURIComponent(data.plan || ''))
    .then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.json();
    })
    .then(function (json) {
      allTargets = Array.isArray(json.targets) ? json.targets : [];
      var kinds = [];
      allTargets.forEach(function (target) {
        if (kinds.indexOf(target.kind) < 0) kinds.push(target.kind);
      });
      kindSelect.appendChild(el('option', { value: '', text: T.allKinds }));
      kinds.forEach(function (kind) {
        kindSelect.appendChild(el('option', { value: kind, text: T.kinds[kind] || kind }));
      });
      kindSelect.addEventListener('change', renderTable);
      renderTable();
      renderChart(allTargets);
      var drawnWidth = chart.clientWidth;
      var timer = 0;
      window.addEventListener('resize', function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          if (chart.clientWidth !== drawnWidth) {
            drawnWidth = chart.clientWidth;
            renderChart(allTargets);
          }
        }, 150);
      });
    })
    .catch(function () {
      targetsTable.textContent = '';
      targetsTable.appendChild(el('p', { className: 'error', role: 'alert', text: T.failed }));
    });

  function renderTable() {
    var kind = kindSelect.value;
    var shown = allTargets.filter(function (target) {
      return !kind || target.kind === kind;
    });
    var groups = [];
    shown.forEach(function (target) {
      var group = groups.filter(function (g) {
        return g.kind === target.kind;
      })[0];
      if (!group) groups.push((group = { kind: target.kind, targets: [] }));
      group.targets.push(target);
    });
    var table = el('table', { className: 'targets' }, [
      el('thead', null, [
        el('tr', null, [T.colTarget, T.colScope, T.colBaseline, T.colTargetYear, T.colSources].map(function (label) {
          return el('th', { scope: 'col', text: label });
        })),
      ]),
    ]);
    var notes = [];
    var noteMark = function (note) {
      if (!note) return '';
      var at = notes.indexOf(note);
      if (at < 0) {
        notes.push(note);
        at = notes.length - 1;
      }
      return ' ' + '*†‡§'.charAt(at % 4);
    };
    groups.forEach(function (group) {
      var body = el('tbody', null, [el('tr', { className: 'group' }, [el('th', { scope: 'colgroup', colspan: '5', text: T.kinds[group.kind] || group.kind })])]);
      group.targets.forEach(function (target) {
        var scope = (target.industries || []).map(function (industry) {
          return industry.name;
        });
        var count = (target.citations || []).length;
        body.appendChild(
          el('tr', { 'data-target-id': target.id }, [
            el('th', { scope: 'row', className: 'title', text: target.title }),
            el('td', { className: 'scope' + (scope.length || target.technology ? '' : ' none'), 'data-label': T.colScope }, [
              scope.join(lang === 'zh' ? '、' : ', '),
              target.technology ? el('span', { className: 'tech', text: target.technology }) : null,
            ]),
            el('td', { className: 'num' + (target.baseline ? '' : ' none'), 'data-label': T.colBaseline }, [
              target.baseline ? figure(target.baseline, false) + noteMark(target.baseline.note) : '—',
            ]),
            el('td', { className: 'num strong', 'data-label': T.colTargetYear, text: figure(target.target, true) }),
            el('td', { className: 'src', 'data-label': T.colSources }, [
              el('details', null, [el('summary', { text: count === 1 ? T.quoteCount : fill(T.quotesCount, { n: count }) }), citationList(target.citations)]),
            ]),
          ]),
        );
      });
      table.appendChild(body);
    });
    targetsTable.textContent = '';
    targetsTable.appendChild(table);
    notes.forEach(function (note, index) {
      targetsTable.appendChild(el('p', { className: 'chart-note', text: '*†‡§'.charAt(index % 4) + ' ' + note }));
    });
  }

  function shortTitle(title) {
    var text = String(title);
    (T.titleTrim || []).forEach(function (source) {
      text = text.replace(new RegExp(source, 'u'), '');
    });
    return text.replace(/^[a-z]/, function (letter) {
      return letter.toUpperCase();
    });
  }


  function renderChart(targets) {
    var rows = targets.filter(function (target) {
      return target.baseline && typeof target.baseline.value === 'number' && target.target && typeof target.target.value === 'number' && target.baseline.unit === target.target.unit;
    });
    chart.textContent = '';
    var captionId = 'chart-caption';
    chart.appendChild(
      el('figcaption', { id: captionId }, [el('strong', { text: T.chartTitle }), ' ', el('span', { className: 'caption-note', text: T.chartCaption })]),
    );
    if (!rows.length) {
      chart.appendChild(el('p', { className: 'empty', text: T.chartNone }));
      return;
    }
    var NS = 'http://www.w3.org/2000/svg';
    var svgEl = function (tag, attrs, text) {
      var node = document.createElementNS(NS, tag);
      for (var key in attrs) node.setAttribute(key, String(attrs[key]));
      if (text !== undefined) node.textContent = text;
      return node;
    };
    // Drawn at the size it is shown (no scaling of the text), re-drawn when that changes.
    var width = Math.max(300, Math.min(900, Math.floor(chart.clientWidth || 760)));
    var left = 2;
    var barMax = width - left - 118; // room for the value labels
    var top = 34;
    var lineHeight = 18;
    var charsPerLine = Math.max(12, Math.floor((width - left) / (lang === 'zh' ? 14.5 : 7.6)));
    var wrap = function (text) {
      var lines = [];
      var rest = text;
      while (rest.length > charsPerLine) {
        var cut = charsPerLine;
        if (lang === 'en') {
          var space = rest.lastIndexOf(' ', charsPerLine);
          if (space > charsPerLine / 2) cut = space;
        }
        lines.push(rest.slice(0, cut).trim());
        rest = rest.slice(cut).trim();
      }
      lines.push(rest);
      return lines;
    };
    var labels = rows.map(function (target) {
      return wrap(shortTitle(target.title));
    });
    var height = top + 8;
    labels.forEach(function (lines) {
      height += lines.length * lineHeight + 52;
    });
    var notes = [];
    var svg = svgEl('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-labelledby': 'chart-svg-title chart-svg-desc', class: 'bars' });
    var description = rows
      .map(function (target) {
        return shortTitle(target.title) + ': ' + T.legendBaseline + ' ' + figure(target.baseline, false) + ', ' + T.legendTarget + ' ' + figure(target.target, true);
      })
      .join(T.listSep);
    svg.appendChild(svgEl('title', { id: 'chart-svg-title' }, T.chartTitle));
    svg.appendChild(svgEl('desc', { id: 'chart-svg-desc' }, description));

    // Legend
    svg.appendChild(svgEl('rect', { x: left, y: 6, width: 14, height: 14, class: 'b-baseline' }));
    svg.appendChild(svgEl('text', { x: left + 20, y: 18, class: 'legend' }, T.legendBaseline));
    svg.appendChild(svgEl('rect', { x: left + 110, y: 6, width: 14, height: 14, class: 'b-target' }));
    svg.appendChild(svgEl('text', { x: left + 130, y: 18, class: 'legend' }, T.legendTarget));

    var y = top;
    rows.forEach(function (target, index) {
      var scaleMax = target.target.unit === '%' ? 100 : Math.max(target.baseline.value, target.target.value) || 1;
      var note = target.baseline.note;
      var mark = '';
      if (note) {
        var at = notes.indexOf(note);
        if (at < 0) {
          notes.push(note);
          at = notes.length - 1;
        }
        mark = ' ' + '*†‡§'.charAt(at % 4);
      }
      labels[index].forEach(function (line, lineIndex) {
        svg.appendChild(svgEl('text', { x: left, y: y + 14 + lineIndex * lineHeight, class: 'label' }, line));
      });
      var barsTop = y + labels[index].length * lineHeight + 2;
      // Percentages: a faint 0–100% track behind the bars, so that rows can be compared.
      if (target.target.unit === '%') svg.appendChild(svgEl('rect', { x: left, y: barsTop, width: barMax, height: 40, class: 'track' }));
      [
        { fig: target.baseline, cls: 'b-baseline', label: figure(target.baseline, false) + mark, dy: 2 },
        { fig: target.target, cls: 'b-target', label: figure(target.target, true), dy: 22 },
      ].forEach(function (bar) {
        var length = Math.max(2, (Math.min(bar.fig.value, scaleMax) / scaleMax) * barMax);
        svg.appendChild(svgEl('rect', { x: left, y: barsTop + bar.dy, width: length.toFixed(1), height: 16, rx: 2, class: bar.cls }));
        svg.appendChild(svgEl('text', { x: (left + length + 6).toFixed(1), y: barsTop + bar.dy + 13, class: 'value' }, bar.label));
      });
      y = barsTop + 50;
    });
    chart.appendChild(svg);
    notes.forEach(function (note, index) {
      chart.appendChild(el('p', { className: 'chart-note', text: '*†‡§'.charAt(index % 4) + ' ' + note }));
    });
  }
})();
