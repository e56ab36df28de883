use super::*;

#[test]
fn pagers_are_counted_and_named_as_zola_does() {
    // (pages, by, path, pagers, path of each pager)
    let cases: [(usize, usize, &str, &[&str]); 5] = [
        (0, 2, "page", &["/blog/"]),
        (2, 2, "page", &["/blog/"]),
        (3, 2, "page", &["/blog/", "/blog/page/2/"]),
        (5, 2, "page", &["/blog/", "/blog/page/2/", "/blog/page/3/"]),
        (3, 1, "", &["/blog/", "/blog/2/", "/blog/3/"]),
    ];
    for (count, by, path, expect) in cases {
        let paging = Paging::new(Some(by), path, false).unwrap();
        let pagers = paging.pagers(count);
        let paths: Vec<String> = (1..=pagers).map(|n| paging.pager_path("/blog/", n)).collect();
        assert_eq!(paths, expect, "{count} pages by {by}");
    }
    assert_eq!(Paging::new(Some(2), "page", false).unwrap().numbered("/", 1), "/page/1/");
    assert_eq!(Paging::new(Some(0), "page", false), None);
    assert_eq!(Paging::new(None, "page", false), None);
}

#[test]
fn each_pager_holds_its_share_reversed_or_not() {
    let list = [1, 2, 3, 4, 5];
    let forward = Paging::new(Some(2), "page", false).unwrap();
    let backward = Paging::new(Some(2), "page", true).unwrap();
    let cases: [(&Paging, usize, &[i32]); 6] = [
        (&forward, 1, &[1, 2]),
        (&forward, 3, &[5]),
        (&forward, 4, &[]),
        (&backward, 1, &[5, 4]),
        (&backward, 2, &[3, 2]),
        (&backward, 3, &[1]),
    ];
    for (paging, n, expect) in cases {
        assert_eq!(paging.pages(&list, n), expect, "pager {n}, reversed {}", paging.reversed);
    }
}
