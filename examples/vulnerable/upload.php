<?php
// A file viewer and search page with injection and traversal bugs.
$file = $_GET['file'];
echo file_get_contents("/var/www/uploads/" . $file);

$conn = mysqli_connect("localhost", "root", "", "app");
$result = mysqli_query($conn, "SELECT * FROM posts WHERE title LIKE '%" . $_GET['q'] . "%'");
while ($row = mysqli_fetch_assoc($result)) {
    echo "<li>" . $row['title'] . "</li>";
}

system("convert " . $_POST['image'] . " thumb.png");
$data = unserialize($_COOKIE['prefs']);
echo md5($_POST['password']);
