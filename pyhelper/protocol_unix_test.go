//go:build unix

package pyhelper

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"github.com/stretchr/testify/require"
	"os"
	"os/exec"
	"testing"
	"time"
)

// TestWorkerProtocolRaw speaks to `introspect.py --serve` directly.
func TestWorkerProtocolRaw(t *testing.T) {
	interp := fixtureInterp(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, interp.Path, "introspect.py", "--serve", "--rpc-in", "3", "--rpc-out", "4",
		"--max-result-bytes", "10000")
	cmd.Env = interp.Environ()
	reqR, reqW, err := os.Pipe()
	require.NoError(t, err)
	respR, respW, err := os.Pipe()
	require.NoError(t, err)
	cmd.ExtraFiles = []*os.File{reqR, respW}
	require.NoError(t, cmd.Start())
	reqR.Close()
	respW.Close()
	auth, err := newChannelAuth()
	require.NoError(t, err)
	_, err = reqW.Write(auth.keyLine())
	require.NoError(t, err)
	defer func() {
		reqW.Close() // EOF ends the worker
		require.NoError(t, cmd.Wait())
		respR.Close()
	}()
	responses := bufio.NewReader(respR)
	var lastBody []byte
	next := func() map[string]any {
		t.Helper()
		line, err := readLine(responses, 1<<20)
		require.NoError(t, err)
		body, err := auth.open(line)
		require.NoError(t, err, "every message is authenticated: %s", line)
		lastBody = body
		var msg map[string]any
		require.NoError(t, json.Unmarshal(body, &msg), string(line))
		return msg
	}
	send := func(line string) {
		t.Helper()
		_, err := reqW.WriteString(line + "\n")
		require.NoError(t, err)
	}

	ready := next()
	require.Equal(t, "ready", ready["method"])
	params := ready["params"].(map[string]any)
	require.EqualValues(t, protocolVersion, params["protocol"])
	require.EqualValues(t, SchemaVersion, params["schema"])

	send(`this is not json`)
	msg := next()
	require.Nil(t, msg["id"])
	require.EqualValues(t, -32600, msg["error"].(map[string]any)["code"])

	send(`{"jsonrpc":"2.0","id":"a","method":"ping"}`)
	msg = next()
	require.Equal(t, "a", msg["id"])
	require.Equal(t, map[string]any{"pong": true}, msg["result"])

	send(`{"jsonrpc":"2.0","id":2,"method":"explode"}`)
	msg = next()
	require.Equal(t, "protocol", msg["error"].(map[string]any)["data"].(map[string]any)["kind"])

	// Two requests in flight; responses are matched by id, whatever the order.
	send(`{"jsonrpc":"2.0","id":10,"method":"introspect","params":{"mode":"module","module":"fx_slow"}}`)
	send(`{"jsonrpc":"2.0","id":11,"method":"introspect","params":{"mode":"attribute","module":"json","attribute":"dumps"}}`)
	first, second := next(), next()
	require.EqualValues(t, 11, first["id"], "the quick request is not held up by the slow import")
	require.EqualValues(t, 10, second["id"])
	require.Equal(t, true, first["result"].(map[string]any)["exists"])
	// A document leads its response with its length (protocol 3).
	var env envelope
	require.NoError(t, decodeEnvelope(lastBody, &env))
	require.EqualValues(t, 10, *env.ID)
	require.True(t, bytes.HasPrefix(lastBody, []byte(`{"result_bytes":`)), "%.80s", lastBody)
	require.EqualValues(t, len(env.Result), second["result_bytes"])
	require.Equal(t, "fx_slow", second["result"].(map[string]any)["module"])
	producer := second["producer"].(map[string]any)["python"].(map[string]any)
	require.Equal(t, interp.Path, producer["executable"])

	send(`{"jsonrpc":"2.0","id":12,"method":"introspect","params":{"mode":"module","module":"json"}}`)
	msg = next()
	errObj := msg["error"].(map[string]any)
	require.Equal(t, "protocol", errObj["data"].(map[string]any)["kind"])
	require.Contains(t, errObj["message"], "exceeds the 10000-byte limit")
}

func TestOneShotHugeStrayOutput(t *testing.T) {
	resp := oneShot(t, fixtureInterp(t), Request{Mode: ModeSymbols, Module: "fx_huge_output", Symbols: []string{"after"}})
	doc, err := resp.Symbols()
	require.NoError(t, err)
	require.Equal(t, "after", doc.Symbols[0].Function.Name)
}

func TestScriptAccessors(t *testing.T) {
	onDisk, err := os.ReadFile("introspect.py")
	require.NoError(t, err)
	require.Equal(t, string(onDisk), string(Script()), "the embedded script is the file")
	copy := Script()
	copy[0] = 'X'
	require.NotEqual(t, string(copy), string(Script()), "Script returns a copy")
	require.Len(t, ScriptHash(), 64)
}
