-- End-to-end test of `cobro lsp` with Neovim's built-in client (0.7.x):
-- open a file, receive diagnostics, hover, complete, rename, format, edit
-- and quit. Run by nvim_test.sh under a timeout; exits Neovim with 0 when
-- every step passes and 1 (printing the failed step) otherwise.
--
--   nvim --headless --clean -u NONE -c "luafile nvim_client.lua" <workspace>/flow.cobro
-- with COBRO_BIN set to the `cobro` binary.

local cobro = os.getenv('COBRO_BIN')
local bufnr = vim.api.nvim_get_current_buf()
local path = vim.api.nvim_buf_get_name(bufnr)
local root = vim.fn.fnamemodify(path, ':h')
local step = 'start'

local function log(message)
  io.stdout:write(message .. '\n')
end

local function check(condition, message)
  if not condition then error(step .. ': ' .. message, 0) end
end

local function lines()
  return vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end

local function text()
  return table.concat(lines(), '\n')
end

-- The first line and UTF-16 column of `needle` (plain text) in the buffer.
local function find(needle)
  for number, line in ipairs(lines()) do
    local at = line:find(needle, 1, true)
    if at then
      -- str_utfindex returns the UTF-32 index, then the UTF-16 one.
      local _, utf16 = vim.str_utfindex(line, at - 1)
      return { line = number - 1, character = utf16 }
    end
  end
  error(step .. ': `' .. needle .. '` is not in the buffer', 0)
end

local function request(method, params)
  local responses = vim.lsp.buf_request_sync(bufnr, method, params, 10000)
  check(responses ~= nil, method .. ' timed out')
  for _, response in pairs(responses) do
    check(response.err == nil, method .. ' failed: ' .. vim.inspect(response.err))
    return response.result
  end
  error(step .. ': no response to ' .. method, 0)
end

local function at(needle)
  return { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = find(needle) }
end

local function diagnostics_with(code)
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    if diagnostic.code == code then return diagnostic end
  end
  return nil
end

local function run()
  step = 'attach'
  vim.bo[bufnr].filetype = 'cobro'
  local exit_code = nil
  local client_id = vim.lsp.start_client({
    name = 'cobro',
    cmd = { cobro, 'lsp' },
    root_dir = root,
    -- Neovim delays didChange by 150 ms unless told otherwise.
    flags = { debounce_text_changes = 0 },
    on_exit = function(code) exit_code = code end,
  })
  check(client_id ~= nil, 'the client did not start')
  vim.lsp.buf_attach_client(bufnr, client_id)
  check(vim.wait(10000, function()
    local client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized
  end, 20), 'the server did not initialize')

  step = 'diagnostics'
  -- The file opens with a misspelt state: an error with a did-you-mean.
  check(vim.wait(10000, function() return diagnostics_with('UnknownState') ~= nil end, 20),
        'no UnknownState diagnostic after didOpen')
  local unknown = diagnostics_with('UnknownState')
  local expected = find('remnd')
  check(unknown.lnum == expected.line, 'the diagnostic is on line ' .. unknown.lnum)
  log('ok diagnostics: ' .. unknown.message)

  step = 'edit'
  -- Fix the typo with an incremental change; the diagnostic goes away.
  local typo = find('remnd')
  local line = lines()[typo.line + 1]
  local byte = line:find('remnd', 1, true) - 1
  vim.api.nvim_buf_set_text(bufnr, typo.line, byte, typo.line, byte + 5, { 'remind' })
  check(vim.wait(10000, function() return diagnostics_with('UnknownState') == nil end, 20),
        'the UnknownState diagnostic stayed after the fix')
  log('ok edit: diagnostics cleared')

  step = 'hover'
  local hover = request('textDocument/hover', at('saldo }'))
  check(hover ~= nil and hover.contents ~= nil, 'no hover')
  local value = type(hover.contents) == 'table' and (hover.contents.value or '') or tostring(hover.contents)
  check(value:find('Debtor.saldo: money', 1, true) ~= nil, 'hover says ' .. value)
  -- The hover range is in UTF-16 units, after an emoji on the same line.
  check(hover.range.start.character == find('saldo }').character, 'hover range starts at ' ..
        hover.range.start.character)
  log('ok hover: ' .. value:gsub('\n', ' '))

  step = 'completion'
  local position = find('.saldo }')
  position.character = position.character + 1
  local completion = request('textDocument/completion',
                       { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = position })
  local items = completion.items or completion
  local labels = {}
  for _, item in ipairs(items) do labels[item.label] = true end
  check(labels['saldo'] and labels['dpd'], 'members offered: ' .. vim.inspect(vim.tbl_keys(labels)))
  log('ok completion: ' .. #items .. ' items')

  step = 'rename'
  -- Rename the state through the client, which applies the edit.
  local rename_at = find('remind {')
  vim.api.nvim_win_set_cursor(0, { rename_at.line + 1, lines()[rename_at.line + 1]:find('remind', 1, true) - 1 })
  vim.lsp.buf.rename('recordatorio')
  check(vim.wait(10000, function() return not text():find('remind', 1, true) end, 20),
        'the rename was not applied: ' .. text())
  local _, count = text():gsub('recordatorio', '')
  check(count == 3, 'renamed ' .. count .. ' occurrences')
  log('ok rename: 3 occurrences')

  step = 'format'
  vim.lsp.buf.formatting_sync(nil, 10000)
  check(text():find('fn twice(x: int) -> int = x * 2', 1, true) ~= nil, 'not formatted: ' .. text())
  log('ok format')

  step = 'shutdown'
  vim.lsp.stop_client(client_id)
  check(vim.wait(10000, function() return exit_code ~= nil end, 20), 'the server did not exit')
  check(exit_code == 0, 'the server exited with ' .. tostring(exit_code))
  log('ok shutdown: exit code 0')
end

local ok, failure = pcall(run)
if ok then
  log('PASS')
  vim.cmd('qall!')
else
  log('FAIL ' .. tostring(failure))
  vim.cmd('cquit 1')
end
