// A Go helper that fetches URLs and runs commands the insecure way.
package main

import (
	"crypto/md5"
	"crypto/tls"
	"database/sql"
	"fmt"
	"net/http"
	"os/exec"
)

func fetch(url string) (*http.Response, error) {
	tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}
	client := &http.Client{Transport: tr}
	return client.Get(url)
}

func lookup(db *sql.DB, name string) (*sql.Rows, error) {
	return db.Query("SELECT id FROM users WHERE name = '" + name + "'")
}

func run(arg string) ([]byte, error) {
	return exec.Command("sh", "-c", "ls "+arg).Output()
}

func sum(data []byte) string {
	return fmt.Sprintf("%x", md5.Sum(data))
}
