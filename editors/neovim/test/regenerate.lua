-- A real-client test of snakebridge-lsp with Neovim 0.7+ (headless).
--
-- Run by editors/neovim/neovim_test.go as
--   nvim --headless -u NONE -i NONE -n -c "luafile regenerate.lua"
-- with SNAKEBRIDGE_LSP (the server binary), SNAKEBRIDGE_PROJECT (a copy of
-- examples/demo) and SNAKEBRIDGE_PYTHON in the environment. It attaches to
-- mix.exs, waits for the stale diagnostic, applies the "Regenerate
-- bindings" code action, checks that the problems clear and the generated
-- files exist, then changes a file that is not open and waits for the
-- server to react. Any failure exits with status 1 (cq!).

local h = dofile(debug.getinfo(1, 'S').source:sub(2):match('(.*/)') .. 'harness.lua')
local bin, project, python = h.env('SNAKEBRIDGE_LSP'), h.env('SNAKEBRIDGE_PROJECT'), h.env('SNAKEBRIDGE_PYTHON')
local log = h.log
-- Every snakebridge/status notification, in arrival order.
local st = h.statuses()
local statuses = st.list

local function wait_for(what, cond) h.wait_for(what, cond, st.last) end

-- wait_state waits for a status with the given state sent after index.
local function wait_state(state, after)
  return st.wait('status ' .. state, after, function(s) return s.state == state end)
end

-- problems returns the errors and warnings of a buffer.
local function problems(buf)
  return vim.diagnostic.get(buf, { severity = { min = vim.diagnostic.severity.WARN } })
end

-- lsp_diagnostics turns a buffer's diagnostics back into LSP diagnostics
-- for a code action request, as Neovim's own code action does: the fields
-- of the vim diagnostic, extended with what 0.7 keeps in user_data.lsp
-- (code and data).
local function lsp_diagnostics(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = {
      range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
      message = d.message, source = d.source, code = d.code, severity = d.severity,
    }
    if d.user_data and d.user_data.lsp then
      lsp = vim.tbl_extend('force', lsp, d.user_data.lsp)
    end
    table.insert(out, lsp)
  end
  return out
end

local function exists(path)
  return vim.loop.fs_stat(path) ~= nil
end

local function run()
  local client_id = vim.lsp.start_client({
    name = 'snakebridge',
    cmd = { bin, '--stdio' },
    root_dir = project,
    init_options = { pythonPath = python },
    settings = { snakebridge = { pythonPath = python } },
    handlers = {
      ['snakebridge/status'] = function(_, result)
        table.insert(statuses, result)
      end,
    },
  })
  assert(client_id, 'the server did not start')
  local client = vim.lsp.get_client_by_id(client_id)

  vim.cmd('edit ' .. project .. '/mix.exs')
  local buf = vim.api.nvim_get_current_buf()
  assert(vim.lsp.buf_attach_client(buf, client_id), 'cannot attach to mix.exs')

  -- 1. The stale diagnostic on mix.exs.
  wait_for('a stale diagnostic on mix.exs', function() return #problems(buf) > 0 end)
  local codes = {}
  for _, d in ipairs(problems(buf)) do
    table.insert(codes, tostring(d.code))
    assert(d.source == 'snakebridge', 'diagnostic source ' .. tostring(d.source))
  end
  log('stale: %s', table.concat(codes, ', '))
  assert(vim.tbl_contains(codes, 'lock_missing'), 'no lock_missing diagnostic')

  -- 2. The "Regenerate bindings" quick fix.
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } },
    context = { diagnostics = lsp_diagnostics(buf) },
  }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000)
  assert(responses and responses[client_id], 'no code action response')
  local action
  for _, a in ipairs(responses[client_id].result or {}) do
    if a.title == 'Regenerate bindings' and a.kind == 'quickfix' then
      action = a
    end
  end
  assert(action and action.command, 'no "Regenerate bindings" quick fix in ' .. vim.inspect(responses[client_id].result))
  local mark = #statuses
  local reply = client.request_sync('workspace/executeCommand', action.command, 10000, buf)
  assert(reply and not reply.err, 'executeCommand failed: ' .. vim.inspect(reply))

  -- 3. The diagnostics clear and the generated files exist.
  wait_state('fresh', mark)
  wait_for('the problems to clear', function() return #problems(buf) == 0 end)
  for _, rel in ipairs({ 'snakebridge.lock', '.snakebridge/manifest.json',
    'lib/snakebridge_generated/json/__init__.ex', 'lib/snakebridge_generated/math/__init__.ex',
    'lib/snakebridge_generated/demo_stats/__init__.ex' }) do
    assert(exists(project .. '/' .. rel), rel .. ' was not generated')
  end
  log('regenerated: fresh, files written')

  -- 4. A file that is not open changes on disk: the server notices.
  mark = #statuses
  local f = assert(io.open(project .. '/lib/extra.ex', 'w'))
  f:write('defmodule Extra do\n  def x(v), do: Math.floor(v)\nend\n')
  f:close()
  wait_state('stale', mark)
  wait_for('a diagnostic about the new call', function()
    for _, d in ipairs(problems(buf)) do
      if d.code == 'used_symbols_missing' then return true end
    end
    return false
  end)
  log('noticed the change on disk')

  vim.lsp.stop_client(client_id)
  wait_for('the server to stop', function() return vim.lsp.get_client_by_id(client_id) == nil end)
end

h.main(run)
