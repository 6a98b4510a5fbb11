package main

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"syscall"
)

// defaultAddr is where serve listens without --addr: this computer only.
const defaultAddr = "127.0.0.1:1313"

// listenAddr checks --addr and returns the address to listen on: HOST:PORT as it is,
// and a port alone, "8080" or ":8080", on this computer only, 127.0.0.1:8080 (every
// interface is 0.0.0.0:8080, said in so many words).
func listenAddr(addr string) (string, error) {
	if addr == "" {
		return "", fmt.Errorf("--addr is empty; give HOST:PORT such as %s, or a port alone such as 8080: %w", defaultAddr, errUsage)
	}
	if err := urlAddr(addr); err != nil {
		return "", err
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		if !strings.Contains(addr, ":") {
			if _, numErr := strconv.Atoi(addr); numErr == nil {
				host, port, err = "", addr, nil
			}
		}
		if err != nil {
			return "", fmt.Errorf("--addr %s: no port; give HOST:PORT such as %s, or a port alone such as 8080: %w", addr, defaultAddr, errUsage)
		}
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return "", fmt.Errorf("--addr %s: the port %q is not a number from 0 to 65535; give HOST:PORT such as %s, or a port alone such as 8080: %w", addr, port, defaultAddr, errUsage)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port), nil
}

// urlAddr is the mistake of an --addr written as a URL (http://127.0.0.1:8100/, as the
// browser shows it), with how to write it; nil for one that is not a URL.
func urlAddr(addr string) error {
	scheme, rest, ok := strings.Cut(addr, "://")
	if !ok {
		return nil
	}
	drop := scheme + "://"
	host, path, hasPath := strings.Cut(rest, "/")
	if hasPath {
		drop += " and the /" + path + " after it"
	}
	if _, _, err := net.SplitHostPort(host); err != nil {
		_, port, _ := net.SplitHostPort(defaultAddr)
		host = net.JoinHostPort(strings.Trim(host, "[]"), port)
		drop += ", and with a port"
	}
	why := ""
	if scheme == "https" {
		why = " (handbok serve speaks http; for https, put a web server in front of it)"
	}
	return fmt.Errorf("--addr %s: write the address without %s: --addr %s%s: %w", addr, drop, host, why, errUsage)
}

// listen opens the port that --addr names (addr as listenAddr returned it), and says
// what to do when it cannot be had.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err == nil {
		return ln, nil
	}
	port := 1313
	if _, p, splitErr := net.SplitHostPort(addr); splitErr == nil {
		port, _ = strconv.Atoi(p)
	}
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return nil, fmt.Errorf("--addr %s: another program is listening on port %d; stop it, or choose another port with --addr (such as --addr %d)", addr, port, port+1)
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return nil, fmt.Errorf("--addr %s: cannot listen on %s: this machine has no such address; use 127.0.0.1:%d (or :%d) for this computer only, or 0.0.0.0:%d for every network interface", addr, addr, port, port, port)
	case errors.Is(err, syscall.EACCES) && port < 1024:
		return nil, fmt.Errorf("--addr %s: only the system may listen on ports below 1024; choose a port from 1024 up with --addr (such as --addr 8080), and put a web server in front for port 80 or 443", addr)
	}
	return nil, fmt.Errorf("--addr %s: %w; choose another address with --addr", addr, err)
}
