/*
 * The workshop's JupyterLab extension, written by hand in plain JavaScript: no build step, no
 * node, nothing fetched. Loaded by JupyterLab as a prebuilt ("federated") extension from
 * lab/labextensions/ (see helpers/lab.py and lab/config/jupyter_server_config.py).
 *
 * A workshop page is a notebook whose code cells all carry the tag "helpers" (notebooks/nl,
 * notebooks/en, the trainer's dashboard). When one is opened:
 *   - its code cells are run as soon as the kernel is there, so the forms appear by themselves
 *     (no "Run All" to find, no restart dialog); a kernel that already ran them (the browser tab
 *     was reloaded) is restarted first, as the old forms cannot be shown again;
 *   - the code cells' inputs are hidden: the participant sees the lesson and the forms only;
 *   - Ctrl+S typed in a form's field saves the notebook (the field would keep the keys from
 *     JupyterLab, and the browser would offer to save the web page).
 * Any other notebook is left exactly as JupyterLab shows it.
 *
 * JupyterLab loads this file with a <script> tag and then uses the module-federation container
 * it registers in window._JUPYTERLAB[<package name>]: init(shareScope), then get("./extension"),
 * whose factory returns a module whose default export is the plugin. The plugin asks for no
 * tokens: it needs only the application (document registry) that every plugin is given.
 */
(function () {
  'use strict';

  var NAME = 'workshop-lab';
  var TAG = 'helpers';
  var CELL_CLASS = 'workshop-helpers-cell';
  var PAGE_CLASS = 'workshop-page';

  var STYLE =
    '.' + CELL_CLASS + ' .jp-Cell-inputWrapper { display: none; }\n' +
    '.' + CELL_CLASS + ' .jp-OutputPrompt { visibility: hidden; }\n';

  function tagsOf(cellModel) {
    var tags = typeof cellModel.getMetadata === 'function'
      ? cellModel.getMetadata('tags')
      : (cellModel.metadata || {}).tags;
    return Array.isArray(tags) ? tags : [];
  }

  function cellModels(model) {
    var cells = model.cells;
    var out = [];
    for (var i = 0; i < cells.length; i++) {
      out.push(cells.get(i));
    }
    return out;
  }

  /** A workshop page: at least one code cell, and every code cell tagged "helpers". */
  function isWorkshopPage(model) {
    var code = cellModels(model).filter(function (c) { return c.type === 'code'; });
    return code.length > 0 && code.every(function (c) { return tagsOf(c).indexOf(TAG) >= 0; });
  }

  function markCells(notebook) {
    notebook.widgets.forEach(function (cell) {
      if (cell.model.type === 'code' && tagsOf(cell.model).indexOf(TAG) >= 0) {
        cell.addClass(CELL_CLASS);
      }
    });
  }

  /** Whether the kernel has run anything yet (IPython counts from 1), asked without a trace. */
  async function kernelHasRun(kernel) {
    try {
      var reply = await kernel.requestExecute({
        code: '', silent: true, store_history: false,
        user_expressions: { count: 'get_ipython().execution_count' }
      }).done;
      var count = reply.content.user_expressions.count;
      return count.status === 'ok' && Number(count.data['text/plain']) > 1;
    } catch (err) {
      return false;
    }
  }

  /** Run the page's code cells one after the other, as Run All does, without moving the view. */
  async function runCells(panel) {
    var notebook = panel.content;
    var sessionContext = panel.sessionContext;
    for (var i = 0; i < notebook.widgets.length; i++) {
      var cell = notebook.widgets[i];
      if (cell.model.type !== 'code' || !cell.constructor || typeof cell.constructor.execute !== 'function') {
        continue;
      }
      if (!sessionContext.session || !sessionContext.session.kernel || panel.isDisposed) {
        return;
      }
      // CodeCell.execute (@jupyterlab/cells): clears the cell's outputs and runs it in the kernel.
      var reply = await cell.constructor.execute(cell, sessionContext);
      if (reply && reply.content && reply.content.status !== 'ok') {
        return;   // stop at an error, as Run All does; the error shows under that cell
      }
    }
  }

  function setUp(panel, context) {
    context.ready.then(function () {
      if (panel.isDisposed || !isWorkshopPage(context.model)) {
        return;
      }
      panel.addClass(PAGE_CLASS);
      markCells(panel.content);
      context.model.cells.changed.connect(function () { markCells(panel.content); });
      return panel.sessionContext.ready.then(async function () {
        var session = panel.sessionContext.session;
        if (!session || !session.kernel || panel.isDisposed) {
          return;   // "No kernel" chosen: nothing to run
        }
        if (await kernelHasRun(session.kernel)) {
          // The page was open before (a reloaded browser tab, a notebook opened again) and its
          // kernel still holds the old forms, which this page cannot show: start afresh, the
          // forms read the answers from disk. A restart from here asks nothing.
          await panel.sessionContext.restartKernel();
        }
        return runCells(panel);
      });
    }).catch(function (err) {
      console.error(NAME + ': could not draw the forms of ' + context.path, err);
    });
  }

  var plugin = {
    id: NAME + ':autorun',
    description: 'Workshop pages draw their forms when opened and hide their code cells.',
    autoStart: true,
    activate: function (app) {
      var style = document.createElement('style');
      style.id = NAME + '-style';
      style.textContent = STYLE;
      document.head.appendChild(style);
      // Ctrl+S (Cmd+S) typed in a form's field: the field keeps the keys from JupyterLab, so the
      // browser would offer to save the web page instead. Save the notebook, as everywhere else.
      document.addEventListener('keydown', function (event) {
        var key = (event.key || '').toLowerCase();
        if (key !== 's' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) {
          return;
        }
        var target = event.target;
        if (!target || typeof target.closest !== 'function' || !target.closest('.' + CELL_CLASS)) {
          return;
        }
        event.preventDefault();
        event.stopPropagation();
        app.commands.execute('docmanager:save').catch(function (err) {
          console.error(NAME + ': could not save', err);
        });
      }, true);
      app.docRegistry.addWidgetExtension('Notebook', {
        createNew: function (panel, context) {
          setUp(panel, context);
        }
      });
    }
  };

  var container = {
    init: function () { return Promise.resolve(); },   // this extension shares no modules
    get: function (module) {
      if (module !== './extension') {
        return Promise.reject(new Error(NAME + ' has no module ' + module));
      }
      return Promise.resolve(function () { return { __esModule: true, default: [plugin] }; });
    }
  };

  window._JUPYTERLAB = window._JUPYTERLAB || {};
  window._JUPYTERLAB[NAME] = container;
})();
