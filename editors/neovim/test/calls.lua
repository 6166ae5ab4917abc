-- A real-client test of snakebridge-lsp's requests on Elixir sources, with
-- Neovim 0.7+ (headless).
--
-- Run by editors/neovim/neovim_test.go with SNAKEBRIDGE_LSP (the server
-- binary), SNAKEBRIDGE_PROJECT (a copy of examples/demo) and
-- SNAKEBRIDGE_PYTHON in the environment. It opens lib/demo.ex, generates
-- the bindings and hovers a call (the Python signature), then edits the
-- buffer without saving: completion after `Math.` offers the generated
-- functions, and a call with an arity no generated clause takes gets a
-- warning on the Elixir file itself. Any
-- failure exits with status 1 (cq!).

local h = dofile(debug.getinfo(1, 'S').source:sub(2):match('(.*/)') .. 'harness.lua')
local bin, project, python = h.env('SNAKEBRIDGE_LSP'), h.env('SNAKEBRIDGE_PROJECT'), h.env('SNAKEBRIDGE_PYTHON')
local log = h.log
local st = h.statuses()
local statuses = st.list

local function wait_for(what, cond) h.wait_for(what, cond, st.last) end

local function wait_state(state, after)
  return st.wait('status ' .. state, after, function(s) return s.state == state end)
end

local function run()
  local client_id = vim.lsp.start_client({
    name = 'snakebridge',
    cmd = { bin, '--stdio' },
    root_dir = project,
    init_options = { pythonPath = python },
    settings = { snakebridge = { pythonPath = python } },
    handlers = {
      ['snakebridge/status'] = function(_, result) table.insert(statuses, result) end,
    },
  })
  assert(client_id, 'the server did not start')
  local client = vim.lsp.get_client_by_id(client_id)

  vim.cmd('edit ' .. project .. '/lib/demo.ex')
  local buf = vim.api.nvim_get_current_buf()
  assert(vim.lsp.buf_attach_client(buf, client_id), 'cannot attach to lib/demo.ex')
  wait_for('the first status', function() return #statuses > 0 end)

  local mark = #statuses
  local reply = client.request_sync('workspace/executeCommand',
    { command = 'snakebridge.regenerate', arguments = { vim.uri_from_fname(project) } }, 10000, buf)
  assert(reply and not reply.err, 'regenerate failed: ' .. vim.inspect(reply))
  wait_state('fresh', mark)
  log('generated')

  -- 0. Hover on a call in the file as saved: the Python signature.
  local hline, hcol
  for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local c = l:find('Math.pow', 1, true)
    if c and not hline then hline, hcol = i - 1, c + 5 end
  end
  assert(hline, 'no Math.pow in lib/demo.ex')
  local hovers = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = hline, character = hcol },
  }, 10000)
  assert(hovers and hovers[client_id] and hovers[client_id].result, 'no hover on Math.pow')
  local contents = hovers[client_id].result.contents
  local value = type(contents) == 'table' and contents.value or tostring(contents)
  assert(value:find('pow(x, y, /)', 1, true), 'hover: ' .. value)
  log('hover: %s', (value:gsub('\n', ' | ')):sub(1, 120))

  -- Unsaved edits: a line that is being typed and a call with a wrong arity.
  local last = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(buf, last, last, false, {
    'defmodule Demo.Typing do',
    '  def t(x), do: Math.',
    '  def u, do: Math.pow(1, 2, 3, 4)',
    'end',
  })

  -- 1. Completion after "Math." (the cursor at the end of the line).
  local line = last + 1
  local col = #vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1]
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = line, character = col },
  }, 10000)
  assert(responses and responses[client_id], 'no completion response')
  local result = responses[client_id].result or {}
  local items = result.items or result
  local labels = {}
  local pow
  for _, it in ipairs(items) do
    table.insert(labels, it.label)
    if it.label == 'pow' then pow = it end
  end
  assert(pow, 'no pow in the completion: ' .. table.concat(labels, ', '))
  assert(pow.detail == 'pow(x, y, /)  · pow/2 /3', 'pow detail: ' .. tostring(pow.detail))
  log('completion: %s', table.concat(labels, ', '))

  -- 2. The call diagnostic on the Elixir file itself.
  local found
  wait_for('an arity_mismatch diagnostic on lib/demo.ex', function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == 'arity_mismatch' then
        found = d
        return true
      end
    end
    return false
  end)
  assert(found.lnum == last + 2, 'diagnostic on line ' .. found.lnum)
  assert(found.severity == vim.diagnostic.severity.WARN, 'severity ' .. tostring(found.severity))
  log('diagnostic: %s', found.message)
  assert(found.message == '`Math.pow/4` is undefined: the generated clauses of `Math.pow` take 2 or 3 arguments',
    'message: ' .. found.message)

  vim.lsp.stop_client(client_id)
  wait_for('the server to stop', function() return vim.lsp.get_client_by_id(client_id) == nil end)
end

h.main(run)
