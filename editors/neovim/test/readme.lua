-- The README's Neovim set-up, run exactly as documented (Neovim 0.7+,
-- headless).
--
-- Run by editors/neovim/neovim_test.go with SNAKEBRIDGE_SNIPPET (the blocks
-- of README.md marked neovim-test, concatenated) and SNAKEBRIDGE_PROJECT (a
-- copy of examples/demo) in the environment, and the built snakebridge-lsp
-- and Debian's python3 first on PATH. It loads the snippet, opens mix.exs,
-- waits for the documented statusline to say stale, changes to another
-- directory, runs the documented :SnakeBridge regenerate, and waits for the
-- statusline to say fresh and the generated files. Any failure exits with
-- status 1 (cq!).

local h = dofile(debug.getinfo(1, 'S').source:sub(2):match('(.*/)') .. 'harness.lua')
local snippet, project = h.env('SNAKEBRIDGE_SNIPPET'), h.env('SNAKEBRIDGE_PROJECT')
local log = h.log

local function wait_for(what, cond)
  h.wait_for(what, cond, function() return 'statusline: ' .. tostring(vim.g.snakebridge_status) end)
end

local function run()
  vim.cmd('filetype on')
  dofile(snippet)

  -- Count the status notifications without changing what the README's
  -- handler does.
  local documented = assert(vim.lsp.handlers['snakebridge/status'], 'the snippet sets no status handler')
  local count = 0
  vim.lsp.handlers['snakebridge/status'] = function(...)
    count = count + 1
    return documented(...)
  end

  vim.cmd('edit ' .. project .. '/mix.exs')
  wait_for('the statusline to say stale', function()
    return (vim.g.snakebridge_status or ''):match('^stale') ~= nil
  end)
  log('statusline: %s', vim.g.snakebridge_status)
  assert(vim.g.snakebridge_status:match('py 3%.'), 'the statusline names no interpreter: ' .. vim.g.snakebridge_status)

  -- The command must not depend on the current directory.
  vim.cmd('cd /')
  local mark = count
  vim.cmd('SnakeBridge regenerate')
  wait_for('the statusline to say fresh', function()
    return count > mark and (vim.g.snakebridge_status or ''):match('^fresh') ~= nil
  end)
  log('statusline: %s', vim.g.snakebridge_status)
  for _, rel in ipairs({ 'snakebridge.lock', '.snakebridge/manifest.json', 'lib/snakebridge_generated/math/__init__.ex' }) do
    assert(vim.loop.fs_stat(project .. '/' .. rel), rel .. ' was not generated')
  end

  for _, client in pairs(vim.lsp.get_active_clients()) do
    vim.lsp.stop_client(client.id)
  end
  wait_for('the server to stop', function() return #vim.lsp.get_active_clients() == 0 end)
end

h.main(run)
