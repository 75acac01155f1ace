// An Express endpoint set with the mistakes code assistants make most often.
const express = require('express');
const crypto = require('crypto');
const { exec } = require('child_process');
const mysql = require('mysql');

const app = express();
const db = mysql.createConnection({ host: 'localhost', user: 'app', password: 'hunter2', database: 'shop' });

app.get('/product', (req, res) => {
  db.query("SELECT * FROM products WHERE id = " + req.query.id, (err, rows) => {
    res.json(rows);
  });
});

app.get('/convert', (req, res) => {
  exec(`convert ${req.query.file} out.png`, (err, stdout) => res.send(stdout));
});

app.get('/calc', (req, res) => {
  res.send(String(eval(req.query.expr)));
});

app.get('/go', (req, res) => {
  res.redirect(req.query.next);
});

function sessionId() {
  return Math.random().toString(36).slice(2);
}

function checksum(data) {
  return crypto.createHash('md5').update(data).digest('hex');
}

function renderComment(el, comment) {
  el.innerHTML = comment.body;
}

app.listen(3000);
module.exports = { sessionId, checksum, renderComment };
