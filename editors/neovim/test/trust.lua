-- Workspace trust with a real client (Neovim 0.7+, headless).
--
-- Run by editors/neovim/neovim_test.go with SNAKEBRIDGE_LSP (the server
-- binary), SNAKEBRIDGE_PROJECT (a project whose .venv/bin/python3 is a
-- script that creates SNAKEBRIDGE_MARKER when run) in the environment. The
-- client starts the server with init_options.trusted = false, as the
-- Neovim README shows: the project's interpreter must not run, and the
-- status must say so. Then it grants trust with snakebridge/didChangeTrust:
-- the next check runs it. Any failure exits with status 1 (cq!).

local h = dofile(debug.getinfo(1, 'S').source:sub(2):match('(.*/)') .. 'harness.lua')
local bin, project, marker = h.env('SNAKEBRIDGE_LSP'), h.env('SNAKEBRIDGE_PROJECT'), h.env('SNAKEBRIDGE_MARKER')
local TIMEOUT, log = h.TIMEOUT, h.log
local st = h.statuses()
local statuses = st.list
local wait_status = st.wait

local function exists(path)
  return vim.loop.fs_stat(path) ~= nil
end

local function run()
  local client_id = vim.lsp.start_client({
    name = 'snakebridge',
    cmd = { bin, '--stdio' },
    root_dir = project,
    init_options = { trusted = false },
    handlers = {
      ['snakebridge/status'] = function(_, result)
        table.insert(statuses, result)
      end,
    },
  })
  assert(client_id, 'the server did not start')
  local client = vim.lsp.get_client_by_id(client_id)
  vim.cmd('edit ' .. project .. '/mix.exs')
  assert(vim.lsp.buf_attach_client(vim.api.nvim_get_current_buf(), client_id), 'cannot attach to mix.exs')

  local st = wait_status('a status', 0, function() return true end)
  assert(st.trusted == false, 'status not marked untrusted: ' .. vim.inspect(st))
  assert(st.message:find('not trusted', 1, true), 'status message does not say so: ' .. st.message)
  assert(not exists(marker), 'the untrusted server ran the project\'s .venv/bin/python3')
  log('untrusted: %s', st.message)

  local mark = #statuses
  client.notify('snakebridge/didChangeTrust', { trusted = true })
  wait_status('a trusted status', mark, function(s) return s.trusted == true end)
  assert(exists(marker), 'after trust was granted the project\'s interpreter did not run')
  log('trusted: the project\'s interpreter ran')

  vim.lsp.stop_client(client_id)
  vim.wait(TIMEOUT, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
end

h.main(run)
