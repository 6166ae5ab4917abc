-- What every headless Neovim test script shares: its environment, its log,
-- waiting with a timeout, and the exit status neovim_test.go reads (0 when
-- run returns, 1 via cquit! on any error). Loaded with dofile by each
-- script (Neovim 0.7+ has no runtimepath entry for these files).
local M = {}

-- TIMEOUT is how long any one wait may take, in milliseconds.
M.TIMEOUT = 60000

-- env returns a required environment variable.
function M.env(name)
  return assert(os.getenv(name), name .. ' is not set')
end

-- log writes one line to stdout at once, so a hung test shows its progress.
function M.log(fmt, ...)
  io.stdout:write(string.format(fmt, ...) .. '\n')
  io.stdout:flush()
end

-- wait_for waits for cond; on timeout the error names what it waited for
-- and what context() says (the last status, the statusline, ...).
function M.wait_for(what, cond, context)
  if not vim.wait(M.TIMEOUT, cond, 20) then
    error(string.format('timed out waiting for %s (%s)', what, context and context() or ''))
  end
end

-- statuses collects snakebridge/status notifications in arrival order;
-- handler is the client handler to register.
function M.statuses()
  local s = { list = {} }
  s.handler = function(_, result) table.insert(s.list, result) end
  -- last describes the newest status for timeout messages.
  s.last = function()
    local last = s.list[#s.list]
    return 'last status: ' .. (last and (last.state .. ': ' .. last.message) or 'none')
  end
  -- wait returns the first status after index after that satisfies pred.
  s.wait = function(what, after, pred)
    local found
    M.wait_for(what, function()
      for i = after + 1, #s.list do
        if pred(s.list[i]) then
          found = s.list[i]
          return true
        end
      end
      return false
    end, s.last)
    return found
  end
  return s
end

-- main runs the test and exits Neovim with its verdict.
function M.main(run)
  local ok, err = pcall(run)
  if ok then
    M.log('OK')
    vim.cmd('qall!')
  else
    io.stderr:write('FAIL: ' .. tostring(err) .. '\n')
    vim.cmd('cquit!')
  end
end

return M
