// Rollup plugin: shrinks the static text of template literals in our sources (Lit's css`` and html``),
// collapsing each whitespace run that contains a line break into one space. Expressions are left alone.
// Whitespace with a line break is insignificant in our templates (the pre-wrap bubble is a single expression).
// css`` templates also lose comments and the spaces around punctuation.
export function minifyTemplates({ include = /\/src\/.*\.ts$/ } = {}) {
  return {
    name: 'minify-templates',
    transform(code, id) {
      if (!include.test(id)) return null;
      return { code: shrink(code), map: null };
    },
  };
}

/** Walks code, strings, comments and (nested) template literals; rewrites only template text. */
export function shrink(src) {
  let out = '';
  let i = 0;
  const stack = []; // for each open `${`: brace depth inside it
  const n = src.length;
  let tplText = '';
  let isCss = false; // the template being read is a css`` one
  const cssStack = []; // isCss of each template that has an open `${`
  const flushText = () => {
    // HTML: a line break between two tags (or between a tag and an expression) separates nothing: our templates only
    // break lines between block or flex items. Text next to a line break keeps one space.
    let t = tplText
      .replace(/>\s*\n\s*(?=<|$)/g, '>')
      .replace(/^\s*\n\s*</, '<')
      .replace(/\s*\n\s*/g, ' ');
    // CSS: no comments, no spaces around { } ; , > or after : (a space BEFORE : can be a descendant combinator),
    // no last ; in a block, no space before !important, no leading zero (0.5em → .5em)
    if (isCss)
      t = t
        .replace(/\/\*[^]*?\*\//g, '')
        .replace(/\s*([{};,>])\s*/g, '$1')
        .replace(/:\s+/g, ':')
        .replace(/;}/g, '}')
        .replace(/\s+!important/g, '!important')
        .replace(/([\s:(,])0\.(\d)/g, '$1.$2');
    out += t;
    tplText = '';
  };
  let inTpl = false;
  while (i < n) {
    const c = src[i];
    if (inTpl) {
      if (c === '\\') {
        tplText += src.slice(i, i + 2);
        i += 2;
      } else if (c === '`') {
        flushText();
        out += c;
        i++;
        inTpl = false;
      } else if (c === '$' && src[i + 1] === '{') {
        flushText();
        out += '${';
        i += 2;
        stack.push(0);
        cssStack.push(isCss);
        inTpl = false;
      } else {
        tplText += c;
        i++;
      }
      continue;
    }
    if (c === '`') {
      isCss = /\bcss$/.test(out);
      out += c;
      i++;
      inTpl = true;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < n && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && src[i + 1] === '/') {
      const j = src.indexOf('\n', i);
      out += src.slice(i, j < 0 ? n : j);
      i = j < 0 ? n : j;
    } else if (c === '/' && src[i + 1] === '*') {
      const j = src.indexOf('*/', i + 2) + 2;
      out += src.slice(i, j);
      i = j;
    } else if (c === '/' && /[(,=:[!&|?{};]\s*$/.test(out) && src[i + 1] !== '/') {
      // a regular expression literal
      let j = i + 1;
      let cls = false;
      while (j < n && (cls || src[j] !== '/')) {
        if (src[j] === '\\') j++;
        else if (src[j] === '[') cls = true;
        else if (src[j] === ']') cls = false;
        j++;
      }
      out += src.slice(i, j + 1);
      i = j + 1;
    } else {
      if (stack.length) {
        if (c === '{') stack[stack.length - 1]++;
        else if (c === '}') {
          if (stack[stack.length - 1] === 0) {
            stack.pop();
            isCss = cssStack.pop();
            out += c;
            i++;
            inTpl = true;
            continue;
          }
          stack[stack.length - 1]--;
        }
      }
      out += c;
      i++;
    }
  }
  return out;
}
