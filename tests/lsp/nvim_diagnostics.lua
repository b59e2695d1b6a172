-- nvim_diagnostics.lua: Neovim's own LSP client (0.7 or later) starts `kblint lsp`, opens the
-- article named by $KB_ARTICLE, waits for its diagnostics and writes them, one per line as
-- "LINE:COL CODE SEVERITY" (0-based line and column), to $KB_OUT; "timeout" when none came.
-- Then it asks for the code actions at the first diagnostic whose code is $KB_CODE, applies the
-- one titled $KB_ACTION as Neovim applies a code action's edit, and writes "--" and the
-- buffer's lines after it.
local kblint, article, out = os.getenv("KBLINT"), os.getenv("KB_ARTICLE"), os.getenv("KB_OUT")
local client = vim.lsp.start_client({ name = "kblint", cmd = { kblint, "lsp" },
                                      root_dir = vim.fn.fnamemodify(article, ":h") })
vim.cmd("edit " .. vim.fn.fnameescape(article))
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client)
local got = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local f = io.open(out, "w")
if not got then
  f:write("timeout\n")
else
  local diags = vim.diagnostic.get(buf)
  table.sort(diags, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  for _, d in ipairs(diags) do
    f:write(string.format("%d:%d %s %d\n", d.lnum, d.col, tostring(d.code), d.severity))
  end
  local want_code, want_title = os.getenv("KB_CODE"), os.getenv("KB_ACTION")
  for _, d in ipairs(diags) do
    if want_code and tostring(d.code) == want_code then
      local params = { textDocument = { uri = vim.uri_from_bufnr(buf) },
                       range = { start = { line = d.lnum, character = d.col },
                                 ["end"] = { line = d.end_lnum, character = d.end_col } },
                       context = { diagnostics = { d.user_data.lsp } } }
      local res = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 10000)
      for _, r in pairs(res or {}) do
        for _, a in ipairs(r.result or {}) do
          if a.title == want_title and a.edit then
            vim.lsp.util.apply_workspace_edit(a.edit, "utf-16")
          end
        end
      end
      f:write("--\n")
      for _, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
        f:write(l .. "\n")
      end
      break
    end
  end
end
f:close()
vim.lsp.stop_client(client)
vim.cmd("qa!")
