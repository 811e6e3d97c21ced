/* The picker of the action form's linked recommendations: a combobox
   (WAI-ARIA 1.2 pattern) over simore_recommendation_suggest. The form's
   text input of comma-separated names stays the submitted value (and the
   whole field without JavaScript); chosen recommendations are listed with a
   remove button. Interface texts come from the template, translated. */
ckan.module("simore-recommendation-picker", function ($) {
  "use strict";
  return {
    options: { source: "", organization: "", selected: [], texts: {} },

    initialize: function () {
      var self = this, input = this.el[0], id = input.id;
      this.value = input;
      this.chosen = {};
      (this.options.selected || []).forEach(function (item) { self.chosen[item.name] = item.text; });
      input.type = "hidden";
      this.list = $('<ul class="list-unstyled simore-picked"></ul>').insertAfter(input);
      this.search = $('<input type="text" class="form-control" role="combobox" autocomplete="off"' +
        ' aria-autocomplete="list" aria-expanded="false">')
        .attr({ id: id + "-search", "aria-controls": id + "-options", "aria-describedby": id + "-status" })
        .insertAfter(this.list);
      $('label[for="' + id + '"]').attr("for", id + "-search");
      this.options_list = $('<ul role="listbox" class="list-unstyled simore-suggestions" hidden></ul>')
        .attr({ id: id + "-options", "aria-label": this.options.texts.suggestions }).insertAfter(this.search);
      this.status = $('<div class="visually-hidden" role="status"></div>').attr("id", id + "-status")
        .insertAfter(this.options_list);
      this.search.on("input", function () { self.schedule(); });
      this.search.on("keydown", function (event) { self.key(event); });
      this.search.on("blur", function () { setTimeout(function () { self.close(); }, 200); });
      this.renderChosen();
    },

    names: function () {
      return this.value.value.split(",").map(function (n) { return n.trim(); }).filter(Boolean);
    },

    renderChosen: function () {
      var self = this;
      this.list.empty();
      this.names().forEach(function (name) {
        var remove = $('<button type="button" class="btn btn-sm btn-link"></button>')
          .text(self.options.texts.remove).append($('<span class="visually-hidden"></span>').text(": " + name))
          .on("click", function () {
            self.value.value = self.names().filter(function (n) { return n !== name; }).join(",");
            self.renderChosen();
            self.search.trigger("focus");
          });
        $("<li></li>").text(self.chosen[name] || name).append(" ").append(remove).appendTo(self.list);
      });
    },

    schedule: function () {
      var self = this;
      clearTimeout(this.timer);
      this.timer = setTimeout(function () { self.fetch(); }, 200);
    },

    fetch: function () {
      var self = this, q = this.search.val();
      var params = { q: q, limit: 10 };
      if (this.options.organization) { params.organization = this.options.organization; }
      $.getJSON(this.options.source, params).done(function (data) {
        if (self.search.val() === q) { self.show(data.result || []); }
      });
    },

    show: function (items) {
      var self = this, chosen = this.names();
      this.items = items.filter(function (item) { return chosen.indexOf(item.name) < 0; });
      this.active = -1;
      this.options_list.empty();
      this.items.forEach(function (item, index) {
        var meta = [item.document_symbol + (item.paragraph ? " ¶ " + item.paragraph : ""),
                    item.mechanism, item.implementation_status].filter(Boolean).join(" · ");
        var option = $('<li role="option" aria-selected="false" class="simore-suggestion"></li>')
          .attr("id", self.value.id + "-option-" + index)
          .append($("<span></span>").text(item.text))
          .append($('<span class="small d-block simore-result-meta"></span>').text(meta));
        if (item.assigned) {
          option.append($('<span class="badge bg-info"></span>').text(self.options.texts.assigned));
        }
        option.on("mousedown", function (event) { event.preventDefault(); self.pick(index); });
        option.appendTo(self.options_list);
      });
      this.status.text(this.items.length ? this.options.texts.found.replace("{num}", this.items.length)
                                         : this.options.texts.none);
      this.options_list.prop("hidden", !this.items.length);
      this.search.attr("aria-expanded", this.items.length ? "true" : "false").removeAttr("aria-activedescendant");
    },

    close: function () {
      this.options_list.prop("hidden", true);
      this.search.attr("aria-expanded", "false").removeAttr("aria-activedescendant");
    },

    move: function (step) {
      if (!this.items || !this.items.length) { return; }
      this.active = (this.active + step + this.items.length) % this.items.length;
      var options = this.options_list.children().attr("aria-selected", "false");
      var option = options.eq(this.active).attr("aria-selected", "true");
      this.search.attr("aria-activedescendant", option.attr("id"));
      option[0].scrollIntoView({ block: "nearest" });
    },

    pick: function (index) {
      var item = this.items[index];
      this.chosen[item.name] = item.text;
      this.value.value = this.names().concat([item.name]).join(",");
      this.renderChosen();
      this.search.val("");
      this.close();
      this.status.text(this.options.texts.added + ": " + item.text);
    },

    key: function (event) {
      var open = !this.options_list.prop("hidden");
      if (event.key === "ArrowDown") { event.preventDefault(); if (open) { this.move(1); } else { this.fetch(); } }
      else if (event.key === "ArrowUp") { event.preventDefault(); this.move(-1); }
      else if (event.key === "Enter" && open && this.active >= 0) { event.preventDefault(); this.pick(this.active); }
      else if (event.key === "Escape") { this.close(); }
    }
  };
});
