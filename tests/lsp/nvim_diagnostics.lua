-- nvim_diagnostics.lua: Neovim's own LSP client (0.7 or later) starts `kblint lsp`, opens the
-- article named by $KB_ARTICLE, waits for its diagnostics and writes them, one per line as
-- "LINE:COL CODE SEVERITY" (0-based line and column), to $KB_OUT; "timeout" when none came.
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
end
f:close()
vim.lsp.stop_client(client)
vim.cmd("qa!")
