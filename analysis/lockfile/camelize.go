package lockfile

// camelize is Elixir's Macro.camelize/1 (ASCII-only, compat §1.3): leading
// underscores are dropped, the first character and every a–z after '_' are
// upper-cased, "_<digit>" loses the '_', "__" collapses, a trailing '_' is
// dropped, '/' becomes '.' and restarts, any other byte is copied (so '_'
// before an upper-case letter survives, and '.' does not upper-case).
func camelize(s string) string {
	out := make([]byte, 0, len(s))
	atStart := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case atStart && c == '_':
		case atStart:
			out = append(out, upper(c))
			atStart = false
		case c == '/':
			out = append(out, '.')
			atStart = true
		case c == '_' && i+1 < len(s) && s[i+1] == '_':
			// "__" collapses into the following "_"
		case c == '_' && i+1 < len(s) && s[i+1] >= 'a' && s[i+1] <= 'z':
			out = append(out, s[i+1]-'a'+'A')
			i++
		case c == '_' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			out = append(out, s[i+1])
			i++
		case c == '_' && i+1 == len(s):
		default:
			out = append(out, c)
		}
	}
	return string(out)
}

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}
