/*!
 * Policy plan assistant — chat widget. The plan's own words are written in by the server.
 *
 * One script tag on any page:
 *   <script src="https://SERVICE/widget.js" async
 *           data-lang="zh|en"            (default: the page's <html lang>, then the browser's)
 *           data-plan="plan-id"          (which plan pack answers; default: the service's default plan)
 *           data-industry="电镀"          (preset industry, sent as profile.industry)
 *           data-title="电镀协会清洁生产助手"
 *           data-color="#0b6e4f"          (accent; data-accent works too)
 *           data-position="right|left"
 *           data-api="https://SERVICE"    (default: where this script was loaded from)
 *           data-mode="inline" data-target="#css-selector"  (render inside an element, no launcher)
 *           data-open="true"></script>   (start open)
 *
 * Everything lives in one element with an open shadow root: the host page's CSS does not
 * reach in and ours does not leak out. No globals, no cookies, no secrets: the conversation
 * stays in sessionStorage. Server text is only ever set with textContent.
 */
(function () {
  'use strict';

  var script = document.currentScript || findOwnScript();
  if (!script) return;
  if (script.getAttribute('data-cpw-mounted')) return;
  script.setAttribute('data-cpw-mounted', '1');

  function findOwnScript() {
    var scripts = document.querySelectorAll('script[src*="widget.js"]');
    for (var i = scripts.length - 1; i >= 0; i--) if (!scripts[i].getAttribute('data-cpw-mounted')) return scripts[i];
    return null;
  }

  // ---- configuration --------------------------------------------------------------------

  var attr = function (name) {
    var value = script.getAttribute('data-' + name);
    return value && value.trim() ? value.trim() : '';
  };
  var langOf = function (value) {
    value = (value || '').toLowerCase();
    return value.indexOf('en') === 0 ? 'en' : value.indexOf('zh') === 0 ? 'zh' : '';
  };
  var lang = langOf(attr('lang')) || langOf(document.documentElement.lang) || langOf(navigator.language) || 'zh';
  var industry = attr('industry').slice(0, 100);
  var position = attr('position') === 'left' ? 'left' : 'right';
  var inline = attr('mode') === 'inline';
  var accent = attr('color') || attr('accent');
  if (!accent || !(window.CSS && CSS.supports && CSS.supports('color', accent))) accent = '#0b6e4f';
  var apiBase = (function () {
    try {
      return new URL(attr('api') || script.src || location.href, location.href).origin;
    } catch (e) {
      return location.origin;
    }
  })();

  var MAX_QUESTION = 2000;
  var MAX_TURNS = 20;
  var MAX_TURN_CHARS = 8000;
  var TIMEOUT_MS = 60000;
  /** Lines of an answer shown under its first before the rest is folded behind "show more". */
  var FOLD_AFTER = 4;

  var T = {
    zh: {
      close: '关闭',
      clear: '清空',
      clearLabel: '清空对话',
      label: '您的问题',
      send: '发送',
      hint: 'Enter 发送，Shift+Enter 换行',
      you: '您说：',
      bot: '助手答：',
      introIndustry: '已按“{industry}”行业为您作答。',
      tryAsking: '可以这样问：',
      thinking: '正在查阅规划原文…',
      needsInfo: '需要补充信息',
      needsList: '请补充：',
      outOfScope: '超出规划范围',
      citation: '引文 {n}',
      clause: '规划原文 · {id}',
      listSep: '、',
      refused: '本网站未获授权使用此助手。请网站管理员联系服务方，将本网站地址加入允许列表。',
      rateLimited: '提问过于频繁，请 {s} 秒后再试。',
      network: '暂时无法连接助手服务，请检查网络后再试。',
      invalid: '这个问题无法处理：{message}',
      failed: '助手暂时无法完成回答，请稍后再试。',
      tooLong: '问题太长了，请控制在 2000 字以内。',
      busy: '请等上一个回答完成。',
      showMore: '展开全部（还有 {n} 行）',
      showLess: '收起',
      noneOfThese: '都不是',
      rendering: '',
    },
    en: {
      close: 'Close',
      clear: 'Clear',
      clearLabel: 'Clear the conversation',
      label: 'Your question',
      send: 'Send',
      hint: 'Enter to send, Shift+Enter for a new line',
      you: 'You said:',
      bot: 'Assistant:',
      introIndustry: 'Answers are for the “{industry}” industry.',
      tryAsking: 'Try asking:',
      thinking: 'Reading the plan…',
      needsInfo: 'More information needed',
      needsList: 'Please tell me: ',
      outOfScope: 'Outside the plan',
      citation: 'Citation {n}',
      clause: 'The plan · {id}',
      listSep: '; ',
      refused: 'This site is not allowed to use the assistant. The site’s administrator can ask the service to add this site to its allowed origins.',
      rateLimited: 'Too many questions at once. Please try again in {s} seconds.',
      network: 'The assistant cannot be reached right now. Please check the connection and try again.',
      invalid: 'This question could not be handled: {message}',
      failed: 'The assistant could not finish the answer. Please try again later.',
      tooLong: 'The question is too long: please keep it under 2,000 characters.',
      busy: 'Please wait for the current answer.',
      showMore: 'Show more ({n} more lines)',
      showLess: 'Show less',
      noneOfThese: 'None of these',
      rendering: 'Unofficial English rendering: ',
    },
  }[lang];
  // Each plan's words (title, introduction, suggestions, the profile's questions) are written in by the server.
  var PLANS = /* @plans */ null;
  var planId = attr('plan').slice(0, 64);
  var planWords = PLANS && (PLANS.plans[planId] || PLANS.plans[PLANS.default]);
  if (planWords && planWords[lang]) {
    Object.keys(planWords[lang]).forEach(function (key) {
      T[key] = planWords[lang][key];
    });
  }
  var title = attr('title').slice(0, 80) || T.title;
  var fill = function (text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key] === undefined ? '' : String(values[key]);
    });
  };

  // ---- state (sessionStorage, falling back to memory) -------------------------------------

  var storageKey = 'cp-assistant:v1:' + apiBase + '|' + planId + '|' + industry + '|' + (inline ? 'inline' : 'float');
  var state = load();
  function load() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(storageKey) || 'null');
      if (saved && Array.isArray(saved.messages)) return { messages: saved.messages.slice(-60), open: !!saved.open };
    } catch (e) {
      /* storage blocked or corrupt: start afresh */
    }
    return { messages: [], open: false };
  }
  function save() {
    try {
      window.sessionStorage.setItem(storageKey, JSON.stringify({ messages: state.messages.slice(-60), open: state.open }));
    } catch (e) {
      /* quota or privacy mode: the conversation lives as long as the page */
    }
  }

  // ---- DOM helpers --------------------------------------------------------------------------

  /* @include dom.js */

  var CSS_TEXT = [
    ':host{all:initial}',
    '*,*::before,*::after{box-sizing:border-box}',
    '.root{--accent:' + accent + ';--on-accent:#fff;--focus:#1a56db;font:14px/1.55 system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;color:#1f2328;text-align:left;letter-spacing:normal;word-spacing:normal;text-transform:none;font-style:normal;font-weight:400;direction:ltr}',
    'button,textarea{font:inherit;color:inherit;letter-spacing:inherit;margin:0}',
    'button{cursor:pointer}',
    ':focus{outline:none}',
    ':focus-visible{outline:3px solid var(--focus);outline-offset:2px}',
    '.sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}',
    '.launcher{position:fixed;bottom:20px;z-index:2147483000;display:flex;align-items:center;gap:8px;min-height:48px;padding:10px 18px;border:0;border-radius:24px;background:var(--accent);color:var(--on-accent);font-size:15px;font-weight:600;box-shadow:0 4px 16px rgba(0,0,0,.25)}',
    '.launcher svg{width:20px;height:20px;fill:currentColor;flex:none}',
    '.right .launcher{right:20px}.left .launcher{left:20px}',
    '.panel{display:flex;flex-direction:column;background:#fff;overflow:hidden}',
    '.panel[hidden]{display:none}',
    '.float .panel{position:fixed;bottom:84px;z-index:2147483001;width:400px;height:min(640px,calc(100vh - 104px));border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.28);border:1px solid #d0d7de}',
    '.float.right .panel{right:20px}.float.left .panel{left:20px}',
    '.root.inline{height:100%}',
    '.inline .panel{position:relative;width:100%;height:100%;min-height:420px;border:1px solid #d0d7de;border-radius:8px}',
    'header{display:flex;align-items:flex-start;gap:8px;padding:12px 12px 10px 16px;background:var(--accent);color:var(--on-accent)}',
    'header .titles{flex:1;min-width:0}',
    'h2{margin:0;font-size:16px;line-height:1.35;font-weight:700}',
    '.subtitle{margin:2px 0 0;font-size:12px;opacity:.92}',
    '.chip{display:inline-block;margin-top:6px;padding:1px 8px;border-radius:10px;background:rgba(255,255,255,.2);border:1px solid currentColor;font-size:12px}',
    'header button{flex:none;min-width:36px;min-height:36px;padding:4px 8px;border:1px solid transparent;border-radius:6px;background:transparent;color:inherit;font-size:13px}',
    'header button:hover{border-color:currentColor}',
    'header .x{font-size:22px;line-height:1}',
    'header :focus-visible{outline-color:var(--on-accent)}',
    '.log{flex:1;overflow-y:auto;padding:12px 14px;background:#f6f8fa;overscroll-behavior:contain}',
    '.msg{margin:0 0 12px;max-width:92%;padding:9px 12px;border-radius:10px;white-space:pre-wrap;overflow-wrap:anywhere}',
    '.user{margin-left:auto;background:var(--accent);color:var(--on-accent);border-bottom-right-radius:3px}',
    '.bot{background:#fff;border:1px solid #d0d7de;border-bottom-left-radius:3px}',
    '.intro{background:#fff;border:1px dashed #afb8c1}',
    '.error{background:#fff8e1;border:1px solid #d4a72c;color:#4d3800}',
    '.thinking{color:#57606a;font-style:italic}',
    '.status{display:block;margin:0 0 6px;font-size:12px;font-weight:700;white-space:normal}',
    '.status::before{content:"";display:inline-block;width:8px;height:8px;margin-right:6px;border-radius:50%;background:currentColor;vertical-align:1px}',
    '.needs_info .status{color:#9a6700}',
    '.out_of_scope .status{color:#57606a}',
    '.needs{display:block;margin-top:6px;font-size:13px;color:#6e4b00;white-space:normal}',
    '.cite{display:inline-block;min-width:24px;min-height:22px;margin:0 1px;padding:0 5px;border:1px solid var(--accent);border-radius:5px;background:#fff;color:#1f2328;font-size:12px;line-height:20px;font-weight:600;vertical-align:1px;white-space:nowrap}',
    '.cite[aria-expanded="true"]{background:var(--accent);color:var(--on-accent)}',
    '.quotes{margin:0;padding:0;white-space:normal}',
    '.text .lead{margin:0 0 6px;font-weight:600}',
    '.quote .rendering{display:block;margin-top:4px;color:#444;font-style:italic}',
    '.text .line{margin:0 0 4px}',
    '.more{margin:4px 0 0;padding:3px 10px;border:1px solid var(--accent);border-radius:14px;background:#fff;color:#1f2328;font-size:13px;cursor:pointer}',
    '.choices{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px;white-space:normal}',
    '.choice{padding:5px 12px;border:1px solid var(--accent);border-radius:16px;background:#fff;color:#1f2328;font-size:13px;cursor:pointer;min-height:32px}',
    '.quote{margin:8px 0 0;padding:6px 10px;border-left:4px solid var(--accent);background:#f6f8fa;font-size:13px;white-space:pre-wrap}',
    '.quote[hidden]{display:none}',
    '.quote .qid{display:block;margin-bottom:2px;font-size:12px;font-weight:700;color:#57606a}',
    '.suggest{display:flex;flex-wrap:wrap;gap:6px;margin:4px 0 12px}',
    '.suggest p{width:100%;margin:0;font-size:12px;color:#57606a}',
    '.suggest button{padding:6px 10px;border:1px solid #afb8c1;border-radius:16px;background:#fff;font-size:13px;text-align:left}',
    '.suggest button:hover{border-color:var(--accent)}',
    'form{display:grid;grid-template-columns:1fr auto;gap:4px 8px;padding:10px 12px 12px;border-top:1px solid #d0d7de;background:#fff}',
    'label{grid-column:1/-1;font-size:13px;font-weight:600}',
    'textarea{width:100%;min-height:44px;max-height:140px;padding:8px 10px;border:1px solid #8c959f;border-radius:8px;background:#fff;resize:vertical;font-size:15px;line-height:1.4}',
    'textarea:focus-visible{outline-offset:0}',
    '.send{align-self:end;min-width:64px;min-height:44px;padding:0 14px;border:0;border-radius:8px;background:var(--accent);color:var(--on-accent);font-weight:600}',
    '.send[disabled]{opacity:.55;cursor:default}',
    '.hint{grid-column:1/-1;margin:0;font-size:11px;color:#57606a}',
    '@media (max-width:480px){',
    '.float .panel{left:0!important;right:0!important;bottom:0;width:100%;height:100%;max-height:100dvh;border-radius:0;border:0}',
    '.launcher{bottom:12px}.right .launcher{right:12px}.left .launcher{left:12px}',
    '.msg{max-width:100%}',
    'textarea{font-size:16px}',
    '.hint{display:none}',
    '}',
    '@media (prefers-reduced-motion:no-preference){.launcher{transition:transform .15s}.launcher:hover{transform:translateY(-1px)}}',
    '@media print{.launcher,.float .panel{display:none}}',
  ].join('\n');
  CSS_TEXT += '\n' + guidedCss();

  // ---- mount ----------------------------------------------------------------------------------

  var host = document.createElement('cp-assistant');
  // Inline !important styles beat any host-page rule aimed at our element.
  host.style.setProperty('all', 'initial', 'important');
  host.style.setProperty('display', inline ? 'block' : 'contents', 'important');
  if (inline) host.style.setProperty('height', '100%', 'important');
  var shadow = host.attachShadow({ mode: 'open' });
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS_TEXT);
    shadow.adoptedStyleSheets = [sheet];
  } catch (e) {
    shadow.appendChild(el('style', { text: CSS_TEXT }));
  }

  var uid = 'cpw' + Math.random().toString(36).slice(2, 8);
  var panelId = uid + '-panel';
  var titleId = uid + '-title';
  var inputId = uid + '-input';
  var hintId = uid + '-hint';

  var launcher = inline
    ? null
    : el(
        'button',
        {
          type: 'button',
          className: 'launcher',
          'aria-expanded': 'false',
          'aria-controls': panelId,
          'aria-label': T.open,
          onclick: function () {
            setOpen(panel.hidden);
          },
        },
        [svgIcon(), el('span', { text: T.launcher })],
      );

  var log = el('div', { className: 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-labelledby': titleId, tabindex: '0' });
  var input = el('textarea', {
    id: inputId,
    rows: '2',
    maxlength: String(MAX_QUESTION),
    placeholder: T.placeholder,
    'aria-describedby': hintId,
    autocomplete: 'off',
    enterkeyhint: 'send',
  });
  var sendButton = el('button', { type: 'submit', className: 'send', text: T.send });
  var form = el('form', { onsubmit: onSubmit }, [
    el('label', { for: inputId, text: T.label }),
    input,
    sendButton,
    el('p', { className: 'hint', id: hintId, text: T.hint }),
  ]);
  var headerButtons = [
    el('button', { type: 'button', className: 'clear', text: T.clear, 'aria-label': T.clearLabel, title: T.clearLabel, onclick: clearConversation }),
  ];
  var guidedButton = attr('guided') === 'false' ? null : createGuidedButton();
  if (guidedButton) headerButtons.unshift(guidedButton);
  var guidedView = guidedButton ? createGuidedView() : null;
  if (!inline) headerButtons.push(el('button', { type: 'button', className: 'x', 'aria-label': T.close, text: '×', onclick: function () { setOpen(false); } }));
  var panel = el(
    'section',
    inline ? { className: 'panel', id: panelId, 'aria-labelledby': titleId } : { className: 'panel', id: panelId, role: 'dialog', 'aria-labelledby': titleId, hidden: true },
    [
      el('header', null, [
        el('div', { className: 'titles' }, [
          el('h2', { id: titleId, text: title }),
          el('p', { className: 'subtitle', text: T.subtitle }),
          industry ? el('span', { className: 'chip', text: (lang === 'zh' ? '行业：' : 'Industry: ') + industry }) : null,
        ]),
      ].concat(headerButtons)),
      log,
      guidedView,
      form,
    ],
  );
  var root = el('div', { className: 'root ' + (inline ? 'inline' : 'float') + ' ' + position, lang: lang }, [launcher, panel]);
  shadow.appendChild(root);

  /** Where the widget goes: the inline target (or the script's parent), else the end of <body>. */
  function findContainer() {
    if (!inline) return document.body;
    var found = null;
    try {
      found = attr('target') ? document.querySelector(attr('target')) : null;
    } catch (e) {
      found = null;
    }
    return found || (script.parentNode && script.parentNode !== document.head ? script.parentNode : document.body);
  }

  function mount() {
    var container = findContainer();
    if (!container) return false;
    container.appendChild(host);
    // Text on the accent colour: black or white, whichever reads better.
    try {
      var probe = el('span');
      probe.style.color = accent;
      shadow.appendChild(probe);
      var rgb = (getComputedStyle(probe).color.match(/[\d.]+/g) || []).map(Number);
      shadow.removeChild(probe);
      if (rgb.length >= 3) {
        var lum = function (c) {
          c /= 255;
          return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        };
        var L = 0.2126 * lum(rgb[0]) + 0.7152 * lum(rgb[1]) + 0.0722 * lum(rgb[2]);
        root.style.setProperty('--on-accent', 1.05 / (L + 0.05) >= (L + 0.05) / 0.05 ? '#fff' : '#111');
      }
    } catch (e) {
      /* keep white */
    }
    scrollToEnd(true);
    return true;
  }

  function svgIcon() {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h2V9H7zm4 0v2h2V9h-2zm4 0v2h2V9h-2z');
    svg.appendChild(path);
    return svg;
  }

  // ---- open / close / keyboard ------------------------------------------------------------

  var probed = false;
  function setOpen(open) {
    if (inline) return;
    state.open = open;
    save();
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    if (open) {
      scrollToEnd(true);
      input.focus();
      probeAccess();
    } else {
      launcher.focus();
    }
  }

  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && !inline) {
      event.stopPropagation();
      setOpen(false);
    }
  });

  input.addEventListener('keydown', function (event) {
    // Enter sends; Shift+Enter is a new line; never while an IME is composing (Chinese input).
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : onSubmit(event);
    }
  });

  // ---- rendering ------------------------------------------------------------------------------

  var quoteCounter = 0;

  function scrollToEnd(force) {
    var nearEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    if (force || nearEnd) log.scrollTop = log.scrollHeight;
  }

  function renderIntro() {
    var intro = el('div', { className: 'msg bot intro' }, [T.intro + (industry ? ' ' + fill(T.introIndustry, { industry: industry }) : '')]);
    log.appendChild(intro);
  }

  var suggestBox = null;
  function renderSuggestions() {
    if (state.messages.length) return;
    var questions = industry ? T.suggestionsIndustry : T.suggestions;
    suggestBox = el(
      'div',
      { className: 'suggest' },
      [el('p', { text: T.tryAsking })].concat(
        questions.map(function (question) {
          return el('button', {
            type: 'button',
            text: question,
            onclick: function () {
              ask(question);
            },
          });
        }),
      ),
    );
    log.appendChild(suggestBox);
  }

  function renderUser(text) {
    var node = el('div', { className: 'msg user' }, [el('span', { className: 'sr', text: T.you + ' ' }), text]);
    log.appendChild(node);
    return node;
  }

  /** Answer text with [n] markers turned into buttons that toggle the verbatim quote. */
  function renderAnswer(node, message) {
    node.textContent = '';
    node.className = 'msg bot' + (message.status ? ' ' + message.status : '');
    node.appendChild(el('span', { className: 'sr', text: T.bot + ' ' }));
    if (message.status === 'needs_info') node.appendChild(el('span', { className: 'status', text: T.needsInfo }));
    if (message.status === 'out_of_scope') node.appendChild(el('span', { className: 'status', text: T.outOfScope }));

    var citations = Array.isArray(message.citations) ? message.citations : [];
    var quoteIds = citations.map(function () {
      return uid + '-q' + ++quoteCounter;
    });
    var buttonsByIndex = citations.map(function () {
      return [];
    });
    var quotes = citations.map(function (citation, index) {
      return el('blockquote', { className: 'quote', id: quoteIds[index], hidden: true }, [
        el('span', { className: 'qid', text: '[' + (index + 1) + '] ' + fill(T.clause, { id: String(citation.section || citation.id || '') }) }),
        '“' + String(citation.quote || '') + '”',
      ].concat(citation.rendering ? [el('span', { className: 'rendering', text: T.rendering + String(citation.rendering) })] : []));
    });
    var toggle = function (index) {
      var open = quotes[index].hidden;
      quotes[index].hidden = !open;
      buttonsByIndex[index].forEach(function (button) {
        button.setAttribute('aria-expanded', String(open));
      });
      if (open && quotes[index].scrollIntoView) quotes[index].scrollIntoView({ block: 'nearest' });
    };
    var marker = function (index) {
      var button = el('button', {
        type: 'button',
        className: 'cite',
        'aria-expanded': 'false',
        'aria-controls': quoteIds[index],
        'aria-label': fill(T.citation, { n: index + 1 }),
        text: '[' + (index + 1) + ']',
        onclick: function () {
          toggle(index);
        },
      });
      buttonsByIndex[index].push(button);
      return button;
    };

    // The answer first (its first line), then the items; a long answer is folded after a few lines.
    var appendMarked = function (container, line) {
      var pattern = /\[(\d{1,3})\]/g;
      var last = 0;
      var match;
      while ((match = pattern.exec(line))) {
        var index = Number(match[1]) - 1;
        if (index < 0 || index >= citations.length) continue;
        if (match.index > last) container.appendChild(document.createTextNode(line.slice(last, match.index)));
        container.appendChild(marker(index));
        last = pattern.lastIndex;
      }
      if (last < line.length) container.appendChild(document.createTextNode(line.slice(last)));
    };
    var lines = String(message.text || '').split('\n');
    var text = el('div', { className: 'text' });
    var lead = el('p', { className: 'lead' });
    appendMarked(lead, lines[0] || '');
    text.appendChild(lead);
    var rest = lines.slice(1);
    var folded = rest.length > FOLD_AFTER + 1 ? rest.slice(FOLD_AFTER) : [];
    var hidden = [];
    rest.forEach(function (line, index) {
      var row = el('div', { className: 'line' });
      appendMarked(row, line);
      if (folded.length && index >= FOLD_AFTER) {
        row.hidden = true;
        hidden.push(row);
      }
      text.appendChild(row);
    });
    if (hidden.length) {
      var more = el('button', {
        type: 'button',
        className: 'more',
        'aria-expanded': 'false',
        text: fill(T.showMore, { n: hidden.length }),
        onclick: function () {
          var open = hidden[0].hidden;
          hidden.forEach(function (row) {
            row.hidden = !open;
          });
          more.setAttribute('aria-expanded', String(open));
          more.textContent = open ? T.showLess : fill(T.showMore, { n: hidden.length });
        },
      });
      text.appendChild(more);
    }
    node.appendChild(text);

    // Citations the text does not point at still get a marker after it.
    var unreferenced = buttonsByIndex
      .map(function (buttons, index) {
        return buttons.length ? -1 : index;
      })
      .filter(function (index) {
        return index >= 0;
      });
    if (unreferenced.length) {
      text.appendChild(document.createTextNode(' '));
      unreferenced.forEach(function (index) {
        text.appendChild(marker(index));
      });
    }

    if (message.status === 'needs_info' && Array.isArray(message.needs) && message.needs.length) {
      var names = message.needs.map(function (field) {
        return T.fields[field] || field;
      });
      node.appendChild(el('span', { className: 'needs', text: T.needsList + names.join(T.listSep) }));
    }
    // Which of the plan's industries a name means: one tap answers, "none of these" too.
    if (message.status === 'needs_info' && message.choices && Array.isArray(message.choices.industries)) {
      var names = message.choices.industries
        .map(function (industry) {
          return String(industry.name || '');
        })
        .filter(Boolean)
        .concat([T.noneOfThese]);
      node.appendChild(
        el(
          'div',
          { className: 'choices' },
          names.map(function (name) {
            return el('button', {
              type: 'button',
              className: 'choice',
              text: name,
              onclick: function () {
                ask(name);
              },
            });
          }),
        ),
      );
    }
    if (quotes.length) node.appendChild(el('div', { className: 'quotes' }, quotes));
  }

  function renderError(node, text) {
    node.textContent = '';
    node.className = 'msg error';
    node.setAttribute('role', 'status');
    node.appendChild(document.createTextNode(text));
  }

  function renderStored(message) {
    if (message.role === 'user') return renderUser(message.text);
    var node = el('div', { className: 'msg bot' });
    log.appendChild(node);
    if (message.error) renderError(node, message.text);
    else renderAnswer(node, message);
    return node;
  }

  function renderAll() {
    log.textContent = '';
    renderIntro();
    state.messages.forEach(renderStored);
    renderSuggestions();
  }

  function clearConversation() {
    if (busy) return;
    state.messages = [];
    save();
    renderAll();
    input.focus();
  }

  // ---- talking to the service -----------------------------------------------------------------

  var busy = false;

  function history() {
    var turns = [];
    state.messages.forEach(function (message) {
      if (message.error || !message.text) return;
      turns.push({ role: message.role === 'user' ? 'user' : 'assistant', content: String(message.text).slice(0, MAX_TURN_CHARS) });
    });
    return turns.slice(-MAX_TURNS);
  }

  function onSubmit(event) {
    if (event && event.preventDefault) event.preventDefault();
    ask(input.value);
  }

  function ask(raw) {
    var question = String(raw || '').trim();
    if (!question) return;
    if (busy) return flash(T.busy);
    if (question.length > MAX_QUESTION) return flash(T.tooLong);
    if (suggestBox && suggestBox.parentNode) suggestBox.parentNode.removeChild(suggestBox);
    var turns = history();
    input.value = '';
    state.messages.push({ role: 'user', text: question });
    save();
    renderUser(question);

    var node = el('div', { className: 'msg bot thinking', 'aria-busy': 'true' }, [T.thinking]);
    log.appendChild(node);
    scrollToEnd(true);
    setBusy(true);

    var body = { question: question, history: turns };
    if (industry) body.profile = { industry: industry };
    if (planId) body.plan = planId;
    stream(body, node)
      .then(function (response) {
        var message = {
          role: 'assistant',
          text: String(response.answer || ''),
          status: response.status,
          citations: Array.isArray(response.citations) ? response.citations.slice(0, 50) : [],
          needs: Array.isArray(response.needs) ? response.needs : undefined,
          choices: response.choices && Array.isArray(response.choices.industries) ? { industries: response.choices.industries.slice(0, 10) } : undefined,
        };
        state.messages.push(message);
        save();
        renderAnswer(node, message);
      })
      .catch(function (error) {
        return describe(error).then(function (text) {
          state.messages.push({ role: 'assistant', error: true, text: text });
          save();
          renderError(node, text);
          // Give the question back, so that trying again is one key away.
          if (!input.value) input.value = question;
        });
      })
      .then(function () {
        node.removeAttribute('aria-busy');
        setBusy(false);
        scrollToEnd(false);
      });
  }

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
    log.setAttribute('aria-busy', String(value));
  }

  function flash(text) {
    var node = el('div', { className: 'msg error', role: 'status', text: text });
    log.appendChild(node);
    scrollToEnd(true);
    setTimeout(function () {
      if (node.parentNode) node.parentNode.removeChild(node);
    }, 4000);
  }

  function HttpError(status, body, retryAfter) {
    this.status = status;
    this.body = body;
    this.retryAfter = retryAfter;
  }

  /** A failed response as an HttpError, with its JSON error body when it has one. */
  function rejectResponse(response) {
    return response
      .json()
      .catch(function () {
        return null;
      })
      .then(function (json) {
        throw new HttpError(response.status, json, response.headers.get('retry-after'));
      });
  }

  /** POST /v1/ask/stream and read the server-sent events (fetch: EventSource cannot POST). */
  function stream(body, node) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () {
      if (controller) controller.abort();
    }, TIMEOUT_MS);
    return fetch(apiBase + '/v1/ask/stream', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      mode: 'cors',
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        if (!response.ok) return rejectResponse(response);
        var type = response.headers.get('content-type') || '';
        if (type.indexOf('text/event-stream') < 0 || !response.body || !response.body.getReader) return response.json();
        return readEvents(response.body.getReader(), node);
      })
      .then(
        function (result) {
          clearTimeout(timer);
          return result;
        },
        function (error) {
          clearTimeout(timer);
          throw error;
        },
      );
  }

  function readEvents(reader, node) {
    var decoder = new TextDecoder();
    var buffer = '';
    var shown = '';
    var textNode = null;
    var done = null;
    var failure = null;

    function handle(block) {
      var name = 'message';
      var data = [];
      block.split(/\r\n|\r|\n/).forEach(function (line) {
        if (!line || line.charAt(0) === ':') return;
        var colon = line.indexOf(':');
        var field = colon < 0 ? line : line.slice(0, colon);
        var value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') name = value;
        else if (field === 'data') data.push(value);
      });
      if (!data.length) return;
      var payload;
      try {
        payload = JSON.parse(data.join('\n'));
      } catch (e) {
        return;
      }
      if (name === 'delta' && payload && typeof payload.text === 'string') {
        if (!textNode) {
          node.textContent = '';
          node.className = 'msg bot';
          node.appendChild(el('span', { className: 'sr', text: T.bot + ' ' }));
          textNode = document.createTextNode('');
          node.appendChild(textNode);
        }
        shown += payload.text;
        textNode.data = shown;
        scrollToEnd(false);
      } else if (name === 'done') {
        done = payload;
      } else if (name === 'error') {
        failure = new HttpError(500, payload, null);
      }
    }

    // Read what is left (the server ends the stream after `done`) without holding the answer up.
    function drain() {
      reader.read().then(
        function (chunk) {
          if (!chunk.done) drain();
        },
        function () {},
      );
    }

    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.value) buffer += decoder.decode(chunk.value, { stream: !chunk.done });
        var parts = buffer.split(/\r\n\r\n|\n\n|\r\r/);
        buffer = chunk.done ? '' : parts.pop();
        parts.forEach(handle);
        if (chunk.done && buffer) handle(buffer);
        if (failure) throw failure;
        if (done) {
          drain();
          return done;
        }
        if (chunk.done) throw new HttpError(500, null, null);
        return pump();
      });
    }
    return pump();
  }

  /** What to tell the person, for any failure; asks the service once whether this site is refused. */
  function describe(error) {
    if (error instanceof HttpError) {
      if (error.status === 403) return Promise.resolve(T.refused);
      if (error.status === 429) {
        var seconds = parseInt(error.retryAfter || '', 10);
        return Promise.resolve(fill(T.rateLimited, { s: seconds > 0 ? seconds : 60 }));
      }
      if (error.status >= 400 && error.status < 500 && error.body && error.body.error) {
        return Promise.resolve(fill(T.invalid, { message: String(error.body.error.message || '').slice(0, 300) }));
      }
      return Promise.resolve(T.failed);
    }
    // A refused cross-origin preflight looks like a network failure: ask a simple GET.
    return checkAccess().then(function (refused) {
      return refused ? T.refused : T.network;
    });
  }

  function checkAccess() {
    return fetch(apiBase + '/healthz', { credentials: 'omit', cache: 'no-store', mode: 'cors' })
      .then(function (response) {
        return response.status === 403;
      })
      .catch(function () {
        return false;
      });
  }

  /** On first open: if this site is not allowed, say so before anyone types. */
  function probeAccess() {
    if (probed || apiBase === location.origin) return;
    probed = true;
    checkAccess().then(function (refused) {
      if (!refused) return;
      var last = state.messages[state.messages.length - 1];
      if (last && last.error && last.text === T.refused) return;
      log.appendChild(el('div', { className: 'msg error', role: 'status', text: T.refused }));
      scrollToEnd(true);
    });
  }

  // ---- guided check (POST /v1/eligibility/next) -----------------------------------------------
  // A mode of the panel, off with data-guided="false": instead of the chat, one question at a
  // time — only those whose answer changes the result, each with why it is asked — then the
  // checklist (POST /v1/eligibility) and its Word download (POST /v1/eligibility/export).

  function guidedWords() {
    return {
      zh: {
        button: '逐项检查',
        buttonLabel: '逐项检查适用要求：只问会影响结果的问题',
        title: '逐项检查',
        backToChat: '返回对话',
        progress: '第 {n} 题 · 还有 {left} 个问题可能影响结果',
        progressLast: '第 {n} 题 · 最后一个可能影响结果的问题',
        why: '为什么问：',
        quotes: '规划原文（{n} 条）',
        choose: '确定',
        industryLabel: '选择行业',
        back: '上一题',
        restart: '重新开始',
        loading: '正在查阅规划…',
        resultTitle: '适用于贵企业的要求（{n} 项）',
        resultNone: '根据所答情况，规划中没有明确适用于贵企业的条款。',
        mayApply: '可能适用（取决于您不清楚的情况）',
        ifYes: '如果“{field}”为“是”：',
        download: '下载 Word 清单',
        downloadFailed: '下载失败，请稍后重试。',
      },
      en: {
        button: 'Guided check',
        buttonLabel: 'Guided check of what applies: only the questions that change the result',
        title: 'Guided check',
        backToChat: 'Back to chat',
        progress: 'Question {n} · {left} more may change the result',
        progressLast: 'Question {n} · the last one that may change the result',
        why: 'Why we ask: ',
        quotes: 'The plan’s text ({n})',
        choose: 'Choose',
        industryLabel: 'Industry',
        back: 'Previous question',
        restart: 'Start again',
        loading: 'Reading the plan…',
        resultTitle: 'What applies to your enterprise ({n} items)',
        resultNone: 'From your answers, no clause of the plan clearly applies.',
        mayApply: 'May apply (depends on what you were not sure of)',
        ifYes: 'If “{field}” is yes:',
        download: 'Download the checklist (Word)',
        downloadFailed: 'The download failed. Please try again later.',
      },
    }[lang];
  }

  function guidedCss() {
    return [
      '.guided-toggle[aria-pressed="true"]{border-color:currentColor}',
      '.guided{flex:1;overflow-y:auto;padding:14px 16px;background:#fff}',
      '.guided[hidden],.log[hidden],form[hidden]{display:none}',
      '.guided:focus{outline:none}',
      '.g-progress{margin:0 0 4px;font-size:12px;color:#57606a}',
      '.guided h3{margin:0 0 8px;font-size:16px;line-height:1.4}',
      '.guided h3:focus{outline:none}',
      '.guided h3:focus-visible{outline:3px solid var(--focus)}',
      '.guided h4{margin:14px 0 4px;font-size:14px;color:#1f2328;border-bottom:1px solid #d0d7de}',
      '.guided h4::first-letter{text-transform:uppercase}',
      '.g-reason{margin:0 0 8px;font-size:13px;white-space:normal}',
      '.g-choices{display:flex;flex-direction:column;gap:8px;margin:10px 0}',
      '.g-choices button,.g-actions button{min-height:44px;padding:8px 12px;border:1px solid #8c959f;border-radius:8px;background:#fff;text-align:left;font-size:14px}',
      '.g-choices button:hover,.g-actions button:hover{border-color:var(--accent)}',
      '.g-choices .unsure{border-style:dashed}',
      '.g-choices select{max-width:100%;min-height:44px;padding:6px 8px;border:1px solid #8c959f;border-radius:8px;background:#fff;font:inherit;font-size:15px}',
      '.g-choices .primary,.g-actions .primary{background:var(--accent);border-color:var(--accent);color:var(--on-accent);font-weight:600}',
      '.g-hint{margin:0;font-size:12px;color:#57606a}',
      '.g-quotes-toggle{padding:2px 8px;border:1px solid #afb8c1;border-radius:12px;background:#fff;font-size:12px}',
      '.g-quotes{margin:6px 0 0;padding:0;list-style:none}',
      '.g-quotes li{margin:6px 0 0;padding:4px 8px;border-left:3px solid var(--accent);background:#f6f8fa;font-size:12px}',
      '.g-quotes[hidden]{display:none}',
      '.g-items{margin:0;padding:0;list-style:none}',
      '.g-items li{padding:6px 0;border-bottom:1px dashed #d0d7de;font-size:13px}',
      '.g-items .clause{display:block;color:#57606a;font-size:12px}',
      '.g-nav,.g-actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:12px}',
      '.g-result + .g-actions{margin:0 0 8px}',
      '.g-nav button{padding:4px 0;border:0;background:none;color:#0b5394;text-decoration:underline;font-size:13px;min-height:32px}',
      '.g-error{margin:8px 0;padding:8px 10px;border:1px solid #d4a72c;background:#fff8e1;color:#4d3800;border-radius:8px}',
    ].join('\n');
  }

  function createGuidedButton() {
    var words = guidedWords();
    return el('button', { type: 'button', className: 'guided-toggle', 'aria-pressed': 'false', title: words.buttonLabel, text: words.button, onclick: toggleGuided });
  }

  function createGuidedView() {
    return el('div', { className: 'guided', role: 'region', 'aria-label': guidedWords().title, hidden: true });
  }

  var guidedState = { on: false, profile: {}, unsure: [], answers: [] };

  function toggleGuided() {
    var words = guidedWords();
    guidedState.on = !guidedState.on;
    guidedButton.setAttribute('aria-pressed', String(guidedState.on));
    guidedButton.textContent = guidedState.on ? words.backToChat : words.button;
    log.hidden = guidedState.on;
    form.hidden = guidedState.on;
    guidedView.hidden = !guidedState.on;
    if (guidedState.on) startGuided();
    else input.focus();
  }

  function startGuided() {
    guidedState.profile = industry ? { industry: industry } : {};
    guidedState.unsure = [];
    guidedState.answers = [];
    askGuided();
  }

  function guidedPost(path, body) {
    if (planId) body.plan = planId;
    body.lang = lang;
    return fetch(apiBase + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit', cache: 'no-store', mode: 'cors' }).then(function (response) {
      return response.ok ? response : rejectResponse(response);
    });
  }

  function guidedLoading() {
    guidedView.textContent = '';
    guidedView.appendChild(el('p', { className: 'g-progress', text: guidedWords().loading }));
  }

  function guidedFailed(error) {
    return describe(error).then(function (text) {
      guidedView.textContent = '';
      guidedView.appendChild(el('p', { className: 'g-error', role: 'alert', text: text }));
      guidedView.appendChild(el('div', { className: 'g-nav' }, [el('button', { type: 'button', text: guidedWords().restart, onclick: startGuided })]));
    });
  }

  function askGuided() {
    guidedLoading();
    guidedPost('/v1/eligibility/next', { profile: guidedState.profile, unsure: guidedState.unsure })
      .then(function (response) {
        return response.json();
      })
      .then(function (json) {
        guidedState.profile = json.profile || guidedState.profile;
        if (json.done) return showGuidedChecklist();
        renderGuidedQuestion(json.question, json.remaining);
      })
      .catch(function (error) {
        // A preset industry the plan does not know: ask for it instead.
        if (error instanceof HttpError && error.body && error.body.error && error.body.error.code === 'unknown_industry' && guidedState.profile.industry) {
          guidedState.profile = {};
          return askGuided();
        }
        return guidedFailed(error);
      });
  }

  function answerGuided(question, value) {
    guidedState.answers.push({ profile: guidedState.profile, unsure: guidedState.unsure.slice() });
    if (value === null) guidedState.unsure = guidedState.unsure.concat([question.field]);
    else {
      var next = {};
      Object.keys(guidedState.profile).forEach(function (key) {
        next[key] = guidedState.profile[key];
      });
      next[question.field] = value;
      guidedState.profile = next;
    }
    askGuided();
  }

  function guidedBack() {
    var last = guidedState.answers.pop();
    if (!last) return;
    guidedState.profile = last.profile;
    guidedState.unsure = last.unsure;
    askGuided();
  }

  /** A button that shows and hides the verbatim quotes behind a question or an item. */
  function quoteToggle(citations) {
    var words = guidedWords();
    var listId = uid + '-gq' + ++quoteCounter;
    var list = el(
      'ol',
      { className: 'g-quotes', id: listId, hidden: true },
      citations.map(function (citation) {
        return el('li', null, [el('span', { className: 'qid', text: fill(T.clause, { id: String(citation.section || citation.id || '') }) + ' ' }), '“' + String(citation.quote || '') + '”']);
      }),
    );
    var button = el('button', {
      type: 'button',
      className: 'g-quotes-toggle',
      'aria-expanded': 'false',
      'aria-controls': listId,
      text: fill(words.quotes, { n: citations.length }),
      onclick: function () {
        list.hidden = !list.hidden;
        button.setAttribute('aria-expanded', String(!list.hidden));
      },
    });
    return el('div', null, [button, list]);
  }

  function renderGuidedQuestion(question, remaining) {
    var words = guidedWords();
    guidedView.textContent = '';
    var n = guidedState.answers.length + 1;
    var headingId = uid + '-gh';
    var reasonId = uid + '-gr';
    guidedView.appendChild(el('p', { className: 'g-progress', text: fill(remaining > 1 ? words.progress : words.progressLast, { n: n, left: remaining - 1 }) }));
    var heading = el('h3', { id: headingId, tabindex: '-1', 'data-field': question.field, text: question.text });
    guidedView.appendChild(heading);
    guidedView.appendChild(el('p', { className: 'g-reason', id: reasonId }, [el('strong', { text: words.why }), question.reason]));
    if (question.citations && question.citations.length) guidedView.appendChild(quoteToggle(question.citations));
    var choices = el('div', { className: 'g-choices', role: 'group', 'aria-labelledby': headingId, 'aria-describedby': reasonId });
    if (question.field === 'industry') {
      var selectId = uid + '-gs';
      var select = el('select', { id: selectId, 'aria-label': words.industryLabel });
      question.choices.forEach(function (choice) {
        if (choice.value !== null) select.appendChild(el('option', { value: choice.value, text: choice.label }));
      });
      choices.appendChild(select);
      choices.appendChild(el('button', { type: 'button', className: 'primary', text: words.choose, onclick: function () { answerGuided(question, select.value); } }));
    }
    question.choices.forEach(function (choice) {
      if (question.field === 'industry' && choice.value !== null) return;
      choices.appendChild(
        el('button', {
          type: 'button',
          className: choice.value === null ? 'unsure' : '',
          'data-value': String(choice.value),
          text: choice.label,
          onclick: function () {
            answerGuided(question, choice.value);
          },
        }),
      );
    });
    guidedView.appendChild(choices);
    if (question.hint) guidedView.appendChild(el('p', { className: 'g-hint', text: question.hint }));
    if (guidedState.answers.length) guidedView.appendChild(el('div', { className: 'g-nav' }, [el('button', { type: 'button', text: words.back, onclick: guidedBack })]));
    guidedView.scrollTop = 0;
    heading.focus();
  }

  function showGuidedChecklist() {
    guidedLoading();
    guidedPost('/v1/eligibility', { profile: guidedState.profile })
      .then(function (response) {
        return response.json();
      })
      .then(renderGuidedChecklist)
      .catch(guidedFailed);
  }

  function renderGuidedChecklist(json) {
    var words = guidedWords();
    var items = Array.isArray(json.items) ? json.items : [];
    guidedView.textContent = '';
    var heading = el('h3', { tabindex: '-1', className: 'g-result', text: fill(words.resultTitle, { n: items.length }) });
    guidedView.appendChild(heading);
    // The download first: the list can be long.
    var status = el('p', { className: 'g-error', role: 'alert', hidden: true, text: words.downloadFailed });
    guidedView.appendChild(
      el('div', { className: 'g-actions' }, [
        el('button', { type: 'button', className: 'primary', text: words.download, onclick: function () { downloadChecklist(status); } }),
        el('button', { type: 'button', text: words.restart, onclick: startGuided }),
      ]),
    );
    guidedView.appendChild(status);
    if (!items.length) guidedView.appendChild(el('p', { text: words.resultNone }));
    var kinds = [];
    items.forEach(function (item) {
      if (kinds.indexOf(item.kind) < 0) kinds.push(item.kind);
    });
    kinds.forEach(function (kind) {
      guidedView.appendChild(el('h4', { text: (T.topics && T.topics[kind]) || kind }));
      guidedView.appendChild(
        el(
          'ul',
          { className: 'g-items' },
          items
            .filter(function (item) {
              return item.kind === kind;
            })
            .map(function (item) {
              return el('li', { 'data-item': item.id }, [el('strong', { text: item.title }), quoteToggle(item.citations || [])]);
            }),
        ),
      );
    });
    var conditional = Array.isArray(json.wouldApplyIf) ? json.wouldApplyIf : [];
    if (conditional.length) {
      guidedView.appendChild(el('h4', { text: words.mayApply }));
      conditional.forEach(function (entry) {
        guidedView.appendChild(el('p', { className: 'g-hint', text: fill(words.ifYes, { field: (T.labels && T.labels[entry.field]) || entry.field }) }));
        guidedView.appendChild(
          el(
            'ul',
            { className: 'g-items' },
            (entry.items || []).map(function (item) {
              return el('li', { text: item.title });
            }),
          ),
        );
      });
    }
    if (json.period && json.period.note) guidedView.appendChild(el('p', { className: 'g-hint', text: json.period.note }));
    guidedView.scrollTop = 0;
    heading.focus();
  }

  function downloadChecklist(status) {
    status.hidden = true;
    guidedPost('/v1/eligibility/export?format=docx', { profile: guidedState.profile })
      .then(function (response) {
        return response.blob();
      })
      .then(function (blob) {
        var url = URL.createObjectURL(blob);
        var link = el('a', { href: url, download: 'checklist.docx' });
        shadow.appendChild(link);
        link.click();
        setTimeout(function () {
          URL.revokeObjectURL(url);
          link.remove();
        }, 1000);
      })
      .catch(function () {
        status.hidden = false;
      });
  }

  // ---- start ------------------------------------------------------------------------------------

  renderAll();
  if (inline) probeAccess();
  else if (state.open || attr('open') === 'true') setOpenQuietly();
  // A script in <head>, or above its inline target, waits for the document.
  var inlineTargetMissing = inline && attr('target') && !safeQuery(attr('target'));
  if (document.readyState === 'loading' && (!document.body || inlineTargetMissing)) {
    document.addEventListener('DOMContentLoaded', mount);
  } else {
    mount();
  }

  function safeQuery(selector) {
    try {
      return document.querySelector(selector);
    } catch (e) {
      return null;
    }
  }

  function setOpenQuietly() {
    // Restore the open panel without stealing focus from the host page.
    state.open = true;
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    scrollToEnd(true);
    probeAccess();
  }
})();
