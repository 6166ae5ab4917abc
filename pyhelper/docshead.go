package pyhelper

import "bytes"

// docHead returns the JSON object doc (valid JSON, starting with '{')
// without its members "namespaces", "methods" and "symbols" (keys written
// exactly so), the bulk of a document: no field of the head oneShotResponse
// decodes can take them (encoding/json matches keys to field names ignoring
// case, and none of them is a field's name in any case). The members kept
// are copied unchanged, in order, duplicates included, so decoding the
// result into the head gives what decoding doc gives (TestDocHead*,
// FuzzDocHead). The scan only tracks strings (bytes.IndexByte to each
// quote) and brackets: validJSON has checked doc already.
func docHead(doc []byte) []byte {
	out := make([]byte, 0, 4096)
	out = append(out, '{')
	i := skipJSONSpace(doc, 1)
	for i < len(doc) && doc[i] == '"' {
		keyStart := i
		i = skipJSONString(doc, i)
		key := doc[keyStart:i]
		i = skipJSONSpace(doc, i)
		if i >= len(doc) || doc[i] != ':' {
			break
		}
		valueStart := skipJSONSpace(doc, i+1)
		i = skipJSONValue(doc, valueStart)
		switch string(key) {
		case `"namespaces"`, `"methods"`, `"symbols"`:
		default:
			if len(out) > 1 {
				out = append(out, ',')
			}
			out = append(out, key...)
			out = append(out, ':')
			out = append(out, doc[valueStart:i]...)
		}
		i = skipJSONSpace(doc, i)
		if i < len(doc) && doc[i] == ',' {
			i = skipJSONSpace(doc, i+1)
		}
	}
	return append(out, '}')
}

func skipJSONSpace(doc []byte, i int) int {
	for i < len(doc) && (doc[i] == ' ' || doc[i] == '\t' || doc[i] == '\n' || doc[i] == '\r') {
		i++
	}
	return i
}

// skipJSONString returns the index after the string that starts at doc[i].
func skipJSONString(doc []byte, i int) int {
	i++
	for {
		end := bytes.IndexByte(doc[i:], '"')
		if end < 0 {
			return len(doc)
		}
		i += end
		backslashes := 0
		for j := i - 1; j >= 0 && doc[j] == '\\'; j-- {
			backslashes++
		}
		i++
		if backslashes%2 == 0 {
			return i
		}
	}
}

// skipJSONValue returns the index after the value that starts at doc[i].
func skipJSONValue(doc []byte, i int) int {
	if i >= len(doc) {
		return i
	}
	switch doc[i] {
	case '"':
		return skipJSONString(doc, i)
	case '{', '[':
		depth := 0
		for i < len(doc) {
			switch doc[i] {
			case '"':
				i = skipJSONString(doc, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	}
	for i < len(doc) {
		switch doc[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}
