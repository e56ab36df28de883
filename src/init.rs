//! `dossier init DIR`: a new dossier that builds as it is, with the default theme copied in so it
//! can be changed.

use std::path::Path;

use anyhow::{Context, Result, bail};

mod default_theme {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// The name the default theme is written under.
pub(crate) const DEFAULT_THEME: &str = "longform";

const SITE_TOML: &str = r#"title = "一份新档案"
description = "用 dossier 编写的注解档案"
# With a path (https://user.github.io/repo/) every link and asset is written below /repo/.
base_url = "https://example.org/"
language = "zh-Hans"
theme = "longform"
taxonomies = [
    { name = "actors", title = "人物与机构" },
    { name = "topics", title = "议题" },
]

[markdown]
smart_punctuation = false

[dossier]
# The page holding the source text; its paragraphs get the anchors #p1, #p2, ...
source = "source.md"

[extra]
"#;

const INDEX_MD: &str = r#"+++
title = "一份新档案"
description = "从这里开始"
sort_by = "weight"
+++

这是档案的首页。先读[第一页](@/first-page.md)，再看[原文](@/source.md#p1)。
"#;

const FIRST_PAGE_MD: &str = r#"+++
title = "第一页"
description = "一页示例"
weight = 10

[taxonomies]
topics = ["示例"]

[[timeline]]
date = "2023-11-15"
title = "一个有日期的事件"
anchor = "what-happened"
source = 1
+++

## 发生了什么 {#what-happened}

每一句话都可以回溯到[原文第 1 段](@/source.md#p1)。

<!-- more -->

> 引用原文时逐字照录。
"#;

const SOURCE_MD: &str = r#"+++
title = "原文"
description = "档案依据的原始文本"
weight = 90
+++

第一段原文。

第二段原文。
"#;

/// What a build makes in the site root, kept out of git: the output folder and the cache folder.
const GITIGNORE: &str = "/public/\n/.dossier-cache/\n";

/// Write a new site into `dir`, which must be missing or empty.
pub(crate) fn init(dir: &Path) -> Result<()> {
    if dir.exists() && dir.read_dir().with_context(|| format!("cannot read {}", dir.display()))?.next().is_some() {
        bail!("{} is not empty; choose a new folder for the dossier", dir.display());
    }
    let files: [(&str, &[u8]); 5] = [
        ("site.toml", SITE_TOML.as_bytes()),
        (".gitignore", GITIGNORE.as_bytes()),
        ("content/_index.md", INDEX_MD.as_bytes()),
        ("content/first-page.md", FIRST_PAGE_MD.as_bytes()),
        ("content/source.md", SOURCE_MD.as_bytes()),
    ];
    let theme = default_theme::FILES.iter().map(|(path, bytes)| (format!("themes/{DEFAULT_THEME}/{path}"), *bytes));
    for (path, bytes) in files.iter().map(|(p, b)| (p.to_string(), *b)).chain(theme) {
        let target = dir.join(&path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&target, bytes).with_context(|| format!("cannot write {}", target.display()))?;
    }
    for empty in ["static", "templates"] {
        std::fs::create_dir_all(dir.join(empty)).with_context(|| format!("cannot create {empty}/"))?;
    }
    Ok(())
}
