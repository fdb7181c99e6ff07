//! A real S3-compatible server on loopback for the tests of shared file storage: moto's
//! server (Python, `moto[server]`, installed by the README's test command), one per test,
//! stopped when dropped. Independent of our code: it is what object_store talks to.

use std::process::{Child, Command, Stdio};

pub struct S3Server {
    child: Child,
    pub endpoint: String,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl S3Server {
    pub async fn start() -> S3Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new("python3")
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m moto.server: run the README's test command, which installs moto[server]");
        let server = S3Server { child, endpoint: format!("http://127.0.0.1:{port}") };
        for _ in 0..200 {
            if reqwest::get(&server.endpoint).await.is_ok() {
                return server;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("moto's S3 server did not start on port {port}");
    }

    /// A new, empty bucket, and how to reach it.
    pub async fn bucket(&self, name: &str) -> app::files::storage::S3Bucket {
        let made = reqwest::Client::new().put(format!("{}/{name}", self.endpoint)).send().await.unwrap();
        assert!(made.status().is_success(), "create bucket: {}", made.status());
        app::files::storage::S3Bucket {
            name: name.to_string(),
            endpoint: Some(self.endpoint.clone()),
            region: "us-east-1".into(),
            access_key_id: "testing".into(),
            secret_access_key: "testing".into(),
        }
    }

    /// The keys of every object in a bucket, read from the server's own listing.
    pub async fn keys(&self, bucket: &str) -> Vec<String> {
        let xml = reqwest::get(format!("{}/{bucket}?list-type=2", self.endpoint)).await.unwrap().text().await.unwrap();
        xml.split("<Key>").skip(1).map(|rest| rest.split("</Key>").next().unwrap_or("").to_string()).collect()
    }

    /// Multipart uploads begun and neither completed nor aborted.
    pub async fn unfinished_uploads(&self, bucket: &str) -> usize {
        let xml = reqwest::get(format!("{}/{bucket}?uploads", self.endpoint)).await.unwrap().text().await.unwrap();
        xml.matches("<Upload>").count()
    }
}
